using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Luat.FileSystem;
using LuatHost.Luat.Loop;
using LuatHost.Runtime;

namespace LuatHost.Luat;

/// <summary>
/// What a module binding may use: the one Lua state, the event loop it runs on, the device's
/// file system, the output sink and the link to the module. One context per Lua state (a restart
/// builds a fresh one).
/// </summary>
public sealed class LuatContext
{
    private readonly List<LuaFunction> _keepAlive = [];
    private readonly List<IDisposable> _owned = [];
    private readonly LuaThreadWrappers _threads;
    private readonly Dictionary<Type, object> _services = [];
    private int _wrapperRef = LuaRegistryNoRef;
    private const int LuaRegistryNoRef = -2;

    internal LuatContext(KeraLua.Lua lua, EventLoop loop, VirtualFileSystem files, LuatRunOptions options, LuatDevice? device,
        LuaMemoryBudget? memory = null)
    {
        Lua = lua;
        Loop = loop;
        Files = files;
        Options = options;
        Device = device;
        Messages = new LuatMessagePump(this);
        _threads = new LuaThreadWrappers(lua);
        Guard = new RunGuard(this, memory);
        ConsoleEncoding = Compat.ProjectSourceEncoding.ConsoleEncoding(options);
    }

    /// <summary>How print/log show a string's bytes (null = UTF-8 when valid, else GBK).</summary>
    public System.Text.Encoding? ConsoleEncoding { get; }

    /// <summary>Ends a busy run from any thread, bounds its memory, warns when it does not yield.</summary>
    public RunGuard Guard { get; }

    /// <summary>True while a host function runs (allocation failures must not longjmp through it).</summary>
    internal bool HostOnStack => _threads.HostDepth > 0;

    public KeraLua.Lua Lua { get; }

    public EventLoop Loop { get; }

    public VirtualFileSystem Files { get; }

    public LuatRunOptions Options { get; }

    /// <summary>The module over AT (virtual or real); null when the run has no module attached.</summary>
    public LuatDevice? Device { get; }

    /// <summary>The rtos message queue behind rtos.receive, and the way host events reach Lua.</summary>
    public LuatMessagePump Messages { get; }

    /// <summary>Hardware calls the host cannot perform (pio, pmd, netLed, …), recorded for inspection.</summary>
    public HardwareCallLog HardwareCalls { get; } = new();

    /// <summary>How many times this project has been (re)started in this run; 0 = first power-on.</summary>
    public int RestartCount { get; init; }

    /// <summary>One instance per power-on of a host-side service (the AT queue, the network watcher), created on first use.</summary>
    public T GetService<T>(Func<LuatContext, T> create) where T : class
    {
        if (_services.TryGetValue(typeof(T), out var existing)) return (T)existing;
        var service = create(this);
        _services[typeof(T)] = service;
        if (service is IDisposable disposable) Track(disposable);
        return service;
    }

    /// <summary>Ties a host resource (a URC subscription, a poller) to this power-on; released at restart or end.</summary>
    public T Track<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    internal void ReleaseTracked()
    {
        foreach (var resource in _owned) resource.Dispose();
        _owned.Clear();
    }

    /// <summary>Writes one finished output line (print/log) to the run's sink.</summary>
    public void WriteLine(string line) => Options.Output(line);

    /// <summary>
    /// From any thread: queue <c>sys.publish(id, args…)</c> for the Lua thread. This is how host
    /// events (AT URCs, identity answers) become Luat messages.
    /// </summary>
    public void Publish(string id, params object?[] args) => Messages.PostToLua(lua =>
    {
        // Raw reads: this runs inside rtos.receive, with .NET frames on the stack.
        lua.GetGlobalRaw("sys");
        if (lua.Type(-1) != LuaType.Table)
        {
            lua.Pop(1);
            return;
        }
        lua.PushString("publish");
        lua.RawGet(-2);
        lua.Remove(-2);
        lua.PushString(id);
        foreach (var arg in args) LuaValues.Push(lua, arg);
        Messages.CallProtected(lua, args.Length + 1, $"sys.publish({id})");
    });

    internal void InstallBoundary(int wrapperRef) => _wrapperRef = wrapperRef;

    /// <summary>Pushes a host function, wrapped so its failures become Lua errors at the caller.</summary>
    internal void PushHostFunction(string qualifiedName, HostFunction function) => PushHostFunction(Lua, qualifiedName, function);

    /// <summary>Pushes onto <paramref name="lua"/>'s stack (the running thread, which may be a task's, not the main one).</summary>
    internal void PushHostFunction(KeraLua.Lua lua, string qualifiedName, HostFunction function)
    {
        var raw = HostFunctionAdapter.Adapt(qualifiedName, function, _threads, Files.ToVirtual);
        _keepAlive.Add(raw);
        if (_wrapperRef == LuaRegistryNoRef)
        {
            lua.PushCFunction(raw);
            return;
        }
        lua.RawGetInteger(LuaRegistry.Index, _wrapperRef);
        lua.PushCFunction(raw);
        lua.Call(1, 1);
    }
}
