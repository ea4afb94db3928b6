using System.Text;
using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Luat.FileSystem;
using LuatHost.Runtime;

namespace LuatHost.Luat;

/// <summary>
/// One Lua 5.4 state dressed as a Luat device: the host boundary, the 5.1 compat layer, the
/// confined file system, Luat's `require`, and the built-in libraries — in that order, all before
/// the project's first line runs. A restart throws the state away and builds a new one.
/// </summary>
public sealed class LuatRuntime : IDisposable
{
    private readonly KeraLua.Lua _lua;
    private readonly LuaMemoryBudget _memory;

    public LuatRuntime(EventLoop loop, LuatRunOptions options, LuatDevice? device = null, int restartCount = 0,
        IEnumerable<LuatLibrary>? libraries = null)
    {
        var files = new VirtualFileSystem(options.DataDirectory, options.ProjectDirectory);
        LuatContext? context = null;
        _memory = new LuaMemoryBudget(options.MaxMemoryBytes, () => context?.HostOnStack ?? true);
        _lua = new KeraLua.Lua(_memory.Allocator, IntPtr.Zero) { Encoding = Encoding.UTF8 };
        _memory.Attach(_lua);
        _lua.OpenLibs();
        LuaProtected.RememberTraceback(_lua);
        context = new LuatContext(_lua, loop, files, options, device, _memory) { RestartCount = restartCount };
        Context = context;
        InstallBoundary();
        new HostBootstrap(Context).Install();
        // Now host/lua51.lua has defined the handler that words errors as Lua 5.1 does: keep that one.
        LuaProtected.RememberTraceback(_lua);
        OpenLibraries(libraries ?? LuatLibraryCatalog.BuiltIn);
    }

    public LuatContext Context { get; }

    /// <summary>
    /// Loads and runs the project's main file on the calling thread (it becomes the Lua thread and
    /// stays inside until sys.run ends). Returns how the run ended.
    /// </summary>
    public LuatRunOutcome RunMain()
    {
        var mainVirtual = VirtualFileSystem.ProjectMount + "/" + Context.Options.MainFile;
        var hostPath = Context.Files.Resolve(mainVirtual);
        if (!File.Exists(hostPath))
            return LuatRunOutcome.Failed($"no {Context.Options.MainFile} in {Context.Files.ProjectDirectory}");

        if (!HostBootstrap.LoadChunk(_lua, hostPath, out var syntaxError))
            return LuatRunOutcome.Failed(syntaxError!, isSyntaxError: true);
        return RunLoadedChunk();
    }

    /// <summary>Runs a Lua string in this state (tests, REPL-style use). Errors come back in the outcome.</summary>
    public LuatRunOutcome RunString(string source, string chunkName = "=chunk")
    {
        var bytes = Encoding.UTF8.GetBytes(Compat.LuaSourcePrepass.Apply(source));
        if (_lua.LoadBuffer(bytes, chunkName) != LuaStatus.OK)
        {
            var message = _lua.ToString(-1, false);
            _lua.Pop(1);
            return LuatRunOutcome.Failed(message ?? "syntax error", isSyntaxError: true);
        }
        return RunLoadedChunk();
    }

    private LuatRunOutcome RunLoadedChunk()
    {
        var functionIndex = _lua.GetTop();
        _lua.PushTraceback();
        _lua.Insert(functionIndex);
        var status = _lua.PCall(0, 0, functionIndex);
        string? error = status == LuaStatus.OK ? null : _lua.ToString(-1, false) ?? "error";
        _lua.SetTop(0);

        var ending = Context.Messages.Ending;
        if (ending is not null) return LuatRunOutcome.Ended(ending.Value, Context.Messages.EndDetail);
        return error is null ? LuatRunOutcome.Completed
            : LuatRunOutcome.Failed(error) with { FailedWhileRunning = Context.Messages.SchedulerStarted };
    }

    private void InstallBoundary()
    {
        if (_lua.LoadBuffer(EmbeddedScripts.Host("boundary"), "=host.boundary") != LuaStatus.OK)
            throw new InvalidOperationException(_lua.ToString(-1, false));
        _lua.PushLightUserData(HostFunctionAdapter.ErrorMarker);
        _lua.Call(1, 1);
        Context.InstallBoundary(_lua.Ref(LuaRegistry.Index));
    }

    private void OpenLibraries(IEnumerable<LuatLibrary> libraries)
    {
        foreach (var library in libraries)
        {
            if (library.Kind == LuatLibraryKind.CoreGlobal)
            {
                // The firmware opens its C modules with luaL_register, which also files them in
                // package.loaded: `require "bit"` (Luat's spiFlash demo) returns the global table.
                BuildTable(_lua, library);
                _lua.GetGlobal("package");
                _lua.GetField(-1, "loaded");
                _lua.PushCopy(-3);
                _lua.SetField(-2, library.Name);
                _lua.Pop(2);
                _lua.SetGlobal(library.Name);
                continue;
            }
            if (library.Kind == LuatLibraryKind.CoreExtension)
            {
                _lua.GetGlobal(library.Name);
                library.Register(new LuatLibraryBuilder(Context, library.Name, _lua));
                _lua.Pop(1);
                continue;
            }
            // A lib module is built when first required (as its .lua file would run then), and
            // becomes a global as module(...) made it.
            _lua.GetGlobal("package");
            _lua.GetField(-1, "preload");
            var captured = library;
            Context.PushHostFunction($"require '{library.Name}'", lua =>
            {
                // Built on the calling thread: `require` inside a task runs on the task's thread, not the main one.
                BuildTable(lua, captured);
                lua.PushCopy(-1);
                lua.SetGlobalRaw(captured.Name);
                return 1;
            });
            _lua.SetField(-2, library.Name);
            _lua.Pop(2);
        }
    }

    private void BuildTable(KeraLua.Lua lua, LuatLibrary library)
    {
        lua.NewTable();
        library.Register(new LuatLibraryBuilder(Context, library.Name, lua));
    }

    public void Dispose()
    {
        Context.Guard.Dispose();
        Context.ReleaseTracked();
        _lua.Dispose();
        _memory.Dispose();
    }
}
