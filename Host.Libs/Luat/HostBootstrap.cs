using System.Text;
using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Luat.Compat;
using LuatHost.Luat.FileSystem;
using LuatHost.Runtime;

namespace LuatHost.Luat;

/// <summary>
/// Installs what every Luat script relies on before its first line: `print` to the run's output,
/// the compat layer (host/compat.lua), the file-system confinement (host/vfs.lua) and Luat's
/// require (host/require.lua). The C# half here gives those chunks their host primitives.
/// </summary>
internal sealed class HostBootstrap(LuatContext context)
{
    private static readonly Encoding ByteExact = Encoding.Latin1;

    private KeraLua.Lua Lua => context.Lua;

    private VirtualFileSystem Files => context.Files;

    public void Install()
    {
        context.PushHostFunction("print", Print);
        Lua.SetGlobal("print");
        RunHostChunk("compat", pushHostTable: false);
        RunHostChunk("lua51", pushHostTable: true);
        RunHostChunk("watchdog", pushHostTable: true);
        context.Guard.Hooks.Adopt(Lua.Handle);
        RunHostChunk("vfs", pushHostTable: true);
        RunHostChunk("require", pushHostTable: true);
    }

    /// <summary>
    /// Loads a script file with the `continue` pre-pass, naming the chunk after its path so errors
    /// read `path/file.lua:12: message`. Leaves the chunk (or nothing) on the stack.
    /// </summary>
    public static bool LoadChunk(KeraLua.Lua lua, string hostPath, out string? error)
    {
        // Latin-1 maps bytes 1:1 to chars, so GBK comments and binary string literals survive the pre-pass.
        var source = ByteExact.GetString(ScriptSource.Read(hostPath));
        if (source.StartsWith('#')) source = "--" + source; // shebang line, as luaL_loadfile skips it
        source = LuaSourcePrepass.Apply(source);
        // Text mode: unverified bytecode could escape the VM (see host/vfs.lua), and Luat's .luac
        // files are 5.1 bytecode that 5.4 cannot run anyway.
        var status = lua.LoadBuffer(ByteExact.GetBytes(source), "@" + DisplayPath(hostPath), "t");
        if (status == LuaStatus.OK)
        {
            error = null;
            return true;
        }
        error = lua.ToString(-1, false) ?? "syntax error";
        lua.Pop(1);
        return false;
    }

    /// <summary>How a file is named in messages: relative to the working directory when inside it.</summary>
    public static string DisplayPath(string hostPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, hostPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? hostPath : relative;
    }

    private void RunHostChunk(string name, bool pushHostTable)
    {
        if (Lua.LoadBuffer(EmbeddedScripts.Host(name), $"=host.{name}") != LuaStatus.OK)
            throw new InvalidOperationException(Lua.ToString(-1, false));
        if (pushHostTable) PushHostTable();
        if (Lua.PCall(pushHostTable ? 1 : 0, 0, 0) != LuaStatus.OK)
            throw new InvalidOperationException($"host.{name}: {Lua.ToString(-1, false)}");
    }

    private void PushHostTable()
    {
        Lua.NewTable();
        // resolve(path, "r"|"w") → real path | nil, refusal | nil, "path: No such file or directory", true (hidden).
        Add("resolve", lua =>
        {
            var access = lua.OptionalText(2, "resolve") == "w" ? VfsAccess.Write : VfsAccess.Read;
            try
            {
                lua.PushText(Files.Resolve(lua.Text(1, "resolve"), access));
                return 1;
            }
            catch (UnauthorizedAccessException refused)
            {
                lua.PushNil();
                lua.PushText(refused.Message);
                return 2;
            }
            catch (FileNotFoundException hidden)
            {
                lua.PushNil();
                lua.PushText(hidden.Message);
                lua.PushBoolean(true);
                return 3;
            }
        });
        Add("loadfile", LoadFile);
        Add("prepass", lua =>
        {
            lua.PushBuffer(ByteExact.GetBytes(LuaSourcePrepass.Apply(ByteExact.GetString(lua.Bytes(1, "loadstring")))));
            return 1;
        });
        // A part of host/lua51.lua kept in a file of its own, loaded under lua51's chunk name: its errors are
        // relocated to the script's line and its frames left out of tracebacks like lua51's own.
        Add("lua51_part", lua =>
        {
            if (lua.LoadBuffer(EmbeddedScripts.Host(lua.Text(1, "lua51_part")), "=host.lua51") != LuaStatus.OK)
                throw new InvalidOperationException(lua.ToString(-1, false));
            return 1;
        });
        Add("exit", Exit);
        Add("newproxy", NewProxy);
        Add("builtin_loader", BuiltinLoader);
        Add("find_in_path", FindInPath);
        Add("warn", lua =>
        {
            context.Options.Diagnose("warning: " + lua.Text(1, "warn"));
            return 0;
        });
        Lua.PushBoolean(context.Options.Unsafe);
        Lua.SetField(-2, "unsafe");
        Add("over", lua =>
        {
            lua.PushBoolean(context.Guard.Over());
            return 1;
        });
        // lua_topointer of a thread is its lua_State (Lua 5.4 lapi.c), what lua_sethook takes.
        Add("track_thread", lua =>
        {
            context.Guard.Hooks.Track(lua.ToPointer(1));
            return 0;
        });
        Add("forget_thread", lua =>
        {
            context.Guard.Hooks.Forget(lua.ToPointer(1));
            return 0;
        });
        Lua.PushString(Loop.LuatMessagePump.EndingMessage);
        Lua.SetField(-2, "ending_message");
        Lua.PushInteger(Loop.RunGuard.HookEvery);
        Lua.SetField(-2, "hook_every");
    }

    private void Add(string name, HostFunction function)
    {
        context.PushHostFunction($"host.{name}", function);
        Lua.SetField(-2, name);
    }

    private int Print(KeraLua.Lua lua)
    {
        var count = lua.GetTop();
        var args = new object?[count];
        for (var i = 0; i < count; i++) args[i] = CutAtNul(LuaValues.ToFormattable(lua, i + 1, context.ConsoleEncoding));
        context.WriteLine(LuatLogFormat.FormatPrint(args));
        return 0;
    }

    // 5.1's print wrote each value with fputs, which stops at an embedded NUL byte.
    private static object? CutAtNul(object? value) =>
        value is string s && s.IndexOf('\0') is var nul and >= 0 ? s[..nul] : value;

    // loadfile(path) over the virtual file system, with the `continue` pre-pass.
    private int LoadFile(KeraLua.Lua lua)
    {
        var virtualPath = lua.Text(1, "loadfile");
        string? hostPath;
        try
        {
            hostPath = Files.Resolve(virtualPath);
        }
        catch (FileNotFoundException)
        {
            hostPath = null; // a dot-folder under /lua/: not there for scripts
        }
        if (hostPath is null || !File.Exists(hostPath))
        {
            lua.PushNil();
            lua.PushText($"cannot open {virtualPath}");
            return 2;
        }
        if (LoadChunk(lua, hostPath, out var error)) return 1;
        lua.PushNil();
        lua.PushText(error!);
        return 2;
    }

    // newproxy(true | false | proxy): a zero-size userdata, with a fresh metatable, none, or the
    // metatable of another proxy (Lua 5.1's lbaselib).
    private static int NewProxy(KeraLua.Lua lua)
    {
        lua.NewUserData(0);
        if (lua.Type(1) == LuaType.Boolean && lua.ToBoolean(1))
        {
            lua.NewTable();
            lua.SetMetaTable(-2);
        }
        else if (lua.Type(1) == LuaType.UserData && lua.GetMetaTable(1))
        {
            lua.SetMetaTable(-2);
        }
        return 1;
    }

    // os.exit ends the run (never the host process).
    private int Exit(KeraLua.Lua lua)
    {
        var code = lua.IsNoneOrNil(1) || (lua.IsBoolean(1) && lua.ToBoolean(1)) ? "0"
            : lua.IsBoolean(1) ? "1" : lua.Integer(1, "os.exit").ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Messages.RequestEnd(Loop.LuatRunEnd.Exit, code);
        context.Messages.ThrowIfEnding();
        return 0;
    }

    private int BuiltinLoader(KeraLua.Lua lua)
    {
        var name = lua.Text(1, "builtin_loader");
        var source = EmbeddedScripts.Library(name);
        if (source is null)
        {
            lua.PushNil();
            return 1;
        }
        var text = LuaSourcePrepass.Apply(ByteExact.GetString(source));
        if (lua.LoadBuffer(ByteExact.GetBytes(text), $"@builtin/{name}.lua") != LuaStatus.OK)
            throw new LuatArgumentException(lua.ToString(-1, false) ?? $"built-in {name} failed to load");
        return 1;
    }

    // Searches package.path templates (virtual paths) for a project file; returns its virtual path,
    // or nil and the list of places searched (require's "module 'x' not found:" message).
    private int FindInPath(KeraLua.Lua lua)
    {
        var name = lua.Text(1, "find_in_path").Replace('.', '/');
        var path = lua.Text(2, "find_in_path");
        var searched = new StringBuilder();
        foreach (var template in path.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = template.Replace("?", name, StringComparison.Ordinal);
            string hostPath;
            try
            {
                hostPath = Files.Resolve(candidate, VfsAccess.ReadProjectOnly);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or FileNotFoundException)
            {
                continue;
            }
            if (File.Exists(hostPath))
            {
                lua.PushText(candidate);
                return 1;
            }
            // Lua 5.4's require puts "\n\t" between the searchers' messages itself.
            if (searched.Length > 0) searched.Append("\n\t");
            searched.Append("no file '").Append(candidate).Append("' (").Append(hostPath).Append(')');
        }
        lua.PushNil();
        lua.PushText(searched.ToString());
        return 2;
    }
}
