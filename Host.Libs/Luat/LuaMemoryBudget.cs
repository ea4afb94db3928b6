using System.Runtime.InteropServices;
using KeraLua;

namespace LuatHost.Luat;

/// <summary>
/// The Lua state's allocator, with a ceiling (--max-memory). Over the ceiling an allocation fails —
/// Lua collects garbage, retries, then raises "not enough memory" in the script — and the run ends at
/// the next check (<see cref="Loop.RunGuard"/>, whose hook the first hit arms), unless that one request alone was larger than the ceiling. While a host function is on the stack the allocation
/// is granted anyway: a memory error raised there would longjmp through .NET frames.
/// </summary>
internal sealed class LuaMemoryBudget
{
    private readonly long _limit;
    private readonly Func<bool> _hostOnStack;
    private long _used;

    public LuaMemoryBudget(long limitBytes, Func<bool> hostOnStack)
    {
        _limit = limitBytes;
        _hostOnStack = hostOnStack;
        Allocator = Allocate; // kept here: the native side holds only a pointer to it
    }

    public LuaAlloc Allocator { get; }

    public bool LimitHit { get; private set; }

    /// <summary>Called (on the Lua thread) when the ceiling is first hit: the run is ending.</summary>
    public Action? LimitReached { get; set; }

    public string Describe() =>
        $"the script needs more than {_limit / (1024 * 1024)} MB of Lua memory (--max-memory {_limit / (1024 * 1024)}MB); " +
        "keep fewer or smaller values alive, or raise --max-memory";

    private IntPtr Allocate(IntPtr ud, IntPtr ptr, UIntPtr originalSize, UIntPtr newSize)
    {
        // With ptr NULL, originalSize tells the kind of object, not a size (Lua 5.4 manual, lua_Alloc).
        var old = ptr == IntPtr.Zero ? 0L : (long)originalSize;
        try
        {
            if (newSize == UIntPtr.Zero)
            {
                if (ptr != IntPtr.Zero) Marshal.FreeHGlobal(ptr);
                _used -= old;
                return IntPtr.Zero;
            }
            // Compared unsigned: a request of 2^63 bytes or more would turn negative as a long.
            var oversized = (ulong)newSize > (ulong)old && (ulong)newSize - (ulong)old > (ulong)_limit;
            if (oversized && !_hostOnStack())
            {
                // One request larger than the whole ceiling (io.read(2^53), string.rep("x", 1e12)) can never be met
                // and keeps nothing alive: it fails as the script's own "not enough memory" error, which pcall
                // catches, as a failed malloc does on the module. The run ends only when live memory grows past it.
                return IntPtr.Zero;
            }
            var growth = (long)newSize - old;
            if (growth > 0 && _used + growth > _limit)
            {
                Hit();
                if (!_hostOnStack()) return IntPtr.Zero;
            }
            var block = ptr == IntPtr.Zero ? Marshal.AllocHGlobal((nint)newSize) : Marshal.ReAllocHGlobal(ptr, (nint)newSize);
            _used += growth;
            return block;
        }
        catch (OutOfMemoryException)
        {
            // Never let an exception cross back into C: Lua treats NULL as a failed allocation.
            Hit();
            return IntPtr.Zero;
        }
    }

    private void Hit()
    {
        if (LimitHit) return;
        LimitHit = true;
        LimitReached?.Invoke();
    }
}
