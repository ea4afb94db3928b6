using System.Runtime.InteropServices;

namespace LuatHost.Luat.Loop;

/// <summary>
/// The watchdog's count hook, installed on the state's Lua threads only when a run must end. In Lua 5.4
/// any active hook sends the VM down its slow path on every instruction (lvm.c's `trap`: one
/// luaG_traceexec call per instruction, ≈ 2× slower Lua), so a run goes hook-free and a stop request,
/// from any thread, installs the hook on every live thread at once. The Lua 5.4 source (ldebug.c,
/// above lua_sethook) says lua_sethook "can be called during a signal": it writes the hook, the
/// counts and the atomic mask, and luaV_execute picks the trap up at its next jump or call; lua.c's
/// Ctrl+C handler stops a script the same way.
/// <para>
/// The hook installed is ldblib's own (taken from the main thread after host/watchdog.lua set it with
/// debug.sethook): it calls the Lua function debug.sethook registered for that thread, which host/watchdog.lua
/// does for every coroutine it creates, with the hook left off. Threads are known by their lua_State
/// pointer; a collected coroutine is forgotten (from its sentinel's finalizer) one collection cycle before
/// it is freed, so the pointer is never used after free.
/// </para>
/// </summary>
internal sealed class LuaHookArming
{
    private const int MaskCount = 1 << 3; // LUA_MASKCOUNT

    /// <summary>Instructions between two looks once armed (the run is ending: soon is what matters).</summary>
    private const int ArmedEvery = 1000;

    private readonly Lock _gate = new();
    private readonly HashSet<IntPtr> _threads = [];
    private IntPtr _hook;
    private bool _armed;
    private bool _closed;

    /// <summary>True once a stop was requested: the hook runs in every thread.</summary>
    public bool Armed
    {
        get { lock (_gate) return _armed; }
    }

    /// <summary>Lua thread, once at start: take ldblib's hook from the main thread, switch it off there, track the thread.</summary>
    public void Adopt(IntPtr mainThread)
    {
        lock (_gate)
        {
            _hook = lua_gethook(mainThread);
            lua_sethook(mainThread, IntPtr.Zero, 0, 0);
            _threads.Add(mainThread);
        }
    }

    /// <summary>Lua thread: a coroutine was made (its debug.sethook entry is set, hook off).</summary>
    public void Track(IntPtr thread)
    {
        lock (_gate)
        {
            if (_closed || !_threads.Add(thread)) return;
            if (_armed) Install(thread);
        }
    }

    /// <summary>Lua thread, from the coroutine's sentinel finalizer: it is freed at the next collection.</summary>
    public void Forget(IntPtr thread)
    {
        lock (_gate) _threads.Remove(thread);
    }

    /// <summary>Any thread: from now on every Lua thread of the state runs the hook.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            if (_armed || _closed) return;
            _armed = true;
            foreach (var thread in _threads) Install(thread);
        }
    }

    /// <summary>Before the state is closed: nothing touches its threads any more.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _threads.Clear();
        }
    }

    private void Install(IntPtr thread)
    {
        if (_hook != IntPtr.Zero) lua_sethook(thread, _hook, MaskCount, ArmedEvery);
    }

    [DllImport("lua54", CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern void lua_sethook(IntPtr thread, IntPtr hook, int mask, int count);

    [DllImport("lua54", CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr lua_gethook(IntPtr thread);
}
