using System.Text;

namespace LuatHost.Cli.AtTerminal;

/// <summary>
/// A small interactive line editor for a real terminal: left/right, home/end, backspace/delete, up/down history,
/// Escape to clear. Output from other threads goes through <see cref="WriteAbove"/>, which prints above the input line
/// and redraws it, so URCs never mangle what the user is typing.
/// </summary>
internal sealed class LineEditor
{
    private const int MaxHistory = 200;
    private readonly Lock _gate = new();
    private readonly List<string> _history = [];
    private readonly StringBuilder _buffer = new();
    private string _prompt = "";
    private int _cursor;
    private bool _editing;

    public string? ReadLine(string prompt)
    {
        lock (_gate)
        {
            _prompt = prompt;
            _buffer.Clear();
            _cursor = 0;
            _editing = true;
            Redraw();
        }
        var historyIndex = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            lock (_gate)
            {
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        _editing = false;
                        Console.WriteLine();
                        var line = _buffer.ToString();
                        Remember(line);
                        return line;
                    case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && _buffer.Length == 0:
                        _editing = false;
                        Console.WriteLine();
                        return null;
                    case ConsoleKey.Backspace when _cursor > 0:
                        _buffer.Remove(--_cursor, 1);
                        break;
                    case ConsoleKey.Delete when _cursor < _buffer.Length:
                        _buffer.Remove(_cursor, 1);
                        break;
                    case ConsoleKey.LeftArrow when _cursor > 0:
                        _cursor--;
                        break;
                    case ConsoleKey.RightArrow when _cursor < _buffer.Length:
                        _cursor++;
                        break;
                    case ConsoleKey.Home:
                        _cursor = 0;
                        break;
                    case ConsoleKey.End:
                        _cursor = _buffer.Length;
                        break;
                    case ConsoleKey.Escape:
                        _buffer.Clear();
                        _cursor = 0;
                        break;
                    case ConsoleKey.UpArrow when historyIndex > 0:
                        Replace(_history[--historyIndex]);
                        break;
                    case ConsoleKey.DownArrow when historyIndex < _history.Count:
                        historyIndex++;
                        Replace(historyIndex < _history.Count ? _history[historyIndex] : "");
                        break;
                    default:
                        if (!char.IsControl(key.KeyChar))
                        {
                            _buffer.Insert(_cursor++, key.KeyChar);
                        }
                        break;
                }
                Redraw();
            }
        }
    }

    /// <summary>Prints a line above the one being edited (or plainly when nothing is being edited).</summary>
    public void WriteAbove(string text)
    {
        lock (_gate)
        {
            if (!_editing)
            {
                Console.WriteLine(text);
                return;
            }
            Console.Write("\r\u001b[K");
            Console.WriteLine(text);
            Redraw();
        }
    }

    private void Replace(string text)
    {
        _buffer.Clear().Append(text);
        _cursor = _buffer.Length;
    }

    private void Remember(string line)
    {
        if (line.Length == 0 || (_history.Count > 0 && _history[^1] == line))
        {
            return;
        }
        _history.Add(line);
        if (_history.Count > MaxHistory)
        {
            _history.RemoveAt(0);
        }
    }

    private void Redraw()
    {
        // ANSI: carriage return, clear to end of line, then place the cursor by re-printing up to it.
        var text = _buffer.ToString();
        Console.Write("\r\u001b[K" + _prompt + text);
        if (_cursor < text.Length)
        {
            Console.Write("\r" + _prompt + text[.._cursor]);
        }
    }
}
