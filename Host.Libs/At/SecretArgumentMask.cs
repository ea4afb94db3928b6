using System.Text;

namespace LuatHost.At;

/// <summary>
/// Masks one argument of <c>AT+NAME=a,b,c</c> wherever the command appears in a text. Arguments are quoted
/// (<c>"…"</c>, no escapes in this firmware family) or bare up to the next comma; the masked argument is replaced whole,
/// quotes included, so its length is not given away either.
/// </summary>
internal static class SecretArgumentMask
{
    public static string Apply(string text, SecretArgumentShape shape)
    {
        var marker = shape.CommandName + "=";
        var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var copied = 0;
        while (at >= 0)
        {
            var position = at + marker.Length;
            var (start, end) = shape.WholeValue ? (position, LineEnd(text, position)) : ArgumentAt(text, position, shape.ArgumentIndex);
            if (start < 0)
            {
                break;
            }
            result.Append(text, copied, start - copied).Append(SecretRedactor.Mask);
            copied = end;
            at = text.IndexOf(marker, end, StringComparison.OrdinalIgnoreCase);
        }
        return copied == 0 ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static (int Start, int End) ArgumentAt(string text, int position, int index)
    {
        for (var i = 0; ; i++)
        {
            var end = ArgumentEnd(text, position);
            if (i == index)
            {
                return (position, end);
            }
            if (end >= text.Length || text[end] != ',')
            {
                return (-1, -1);
            }
            position = end + 1;
        }
    }

    private static int ArgumentEnd(string text, int position)
    {
        if (position < text.Length && text[position] == '"')
        {
            var close = text.IndexOf('"', position + 1);
            return close < 0 ? LineEnd(text, position) : close + 1;
        }
        var end = position;
        while (end < text.Length && text[end] is not (',' or '"' or '\r' or '\n'))
        {
            end++;
        }
        return end;
    }

    private static int LineEnd(string text, int position)
    {
        var end = text.AsSpan(position).IndexOfAny('\r', '\n');
        return end < 0 ? text.Length : position + end;
    }
}
