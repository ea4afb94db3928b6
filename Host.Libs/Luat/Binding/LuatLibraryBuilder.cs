using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>
/// Fills one library table (the table sits on top of the Lua stack while a module's Register runs).
/// Tables stay plain and mutable, as Luat scripts assign into them (`rtos.on = …`, `uart.on = …`).
/// </summary>
public sealed class LuatLibraryBuilder
{
    private readonly LuatContext _context;
    private readonly string _libraryName;

    internal LuatLibraryBuilder(LuatContext context, string libraryName, KeraLua.Lua lua)
    {
        _context = context;
        _libraryName = libraryName;
        Lua = lua;
    }

    public LuatContext Context => _context;

    /// <summary>The Lua thread whose stack holds the table: a task's own thread when the library is required inside it.</summary>
    private KeraLua.Lua Lua { get; }

    public LuatLibraryBuilder Function(string name, HostFunction function)
    {
        var qualified = $"{_libraryName}.{name}";
        _context.PushHostFunction(Lua, qualified, function);
        Lua.SetField(-2, name);
        return this;
    }

    public LuatLibraryBuilder Constant(string name, long value)
    {
        Lua.PushInteger(value);
        Lua.SetField(-2, name);
        return this;
    }

    public LuatLibraryBuilder Constant(string name, string value)
    {
        Lua.PushString(value);
        Lua.SetField(-2, name);
        return this;
    }

    /// <summary>
    /// A hardware call the PC cannot make (a bus, a pin, a converter): recorded with its arguments, logged once
    /// as a no-op, then answered by <paramref name="answer"/> the way a module with nothing wired to those pins
    /// answers (no answer: no results).
    /// </summary>
    public LuatLibraryBuilder Recorded(string name, HostFunction? answer = null)
    {
        var qualified = $"{_libraryName}.{name}";
        var calls = _context.HardwareCalls;
        return Function(name, lua =>
        {
            var args = new string[lua.GetTop()];
            for (var i = 0; i < args.Length; i++)
                args[i] = LuaArgs.TypeName(lua, i + 1) == "number" ? LuaArgs.NumberText(lua, i + 1) : LuaArgs.TypeName(lua, i + 1);
            calls.Record($"{qualified}({string.Join(',', args)})");
            return answer is null ? 0 : answer(lua);
        });
    }

    /// <summary>Loads other libraries first (`require`), as the Luat lib file would at its top.</summary>
    public LuatLibraryBuilder Requires(params string[] names)
    {
        foreach (var name in names)
        {
            Lua.GetGlobalRaw("require");
            Lua.PushString(name);
            if (Lua.PCall(1, 0, 0) != LuaStatus.OK)
            {
                var message = Lua.ToString(-1, false);
                Lua.Pop(1);
                throw new InvalidOperationException(message);
            }
        }
        return this;
    }

    /// <summary>
    /// Runs a small Lua chunk with the library table as its argument, for the parts that are
    /// naturally Lua (metatables such as pio's dynamic pin names).
    /// </summary>
    public LuatLibraryBuilder LuaPart(string chunkName, string source)
    {
        if (Lua.LoadString(source, $"={_libraryName}.{chunkName}") != LuaStatus.OK)
            throw new InvalidOperationException(Lua.ToString(-1, false));
        Lua.PushCopy(-2);
        if (Lua.PCall(1, 0, 0) != LuaStatus.OK)
        {
            var message = Lua.ToString(-1, false);
            Lua.Pop(1);
            throw new InvalidOperationException(message);
        }
        return this;
    }
}
