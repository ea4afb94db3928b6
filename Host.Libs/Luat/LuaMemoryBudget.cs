using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KeraLua;

namespace LuatHost.Luat;

/// <summary>
/// The Lua state's allocator, with a ceiling (--max-memory). Over the ceiling an allocation fails —
/// Lua collects garbage, retries, then raises "not enough memory" in the script — and the run ends at
/// the next check (<see cref="Loop.RunGuard"/>, whose hook the first hit arms), unless that one request alone was larger than the ceiling. While a host function is on the stack the allocation
/// is granted anyway: a memory error raised there would longjmp through .NET frames.
/// </summary>
/// <remarks>
/// Lua calls the allocator for every string and table it makes, so its cost is the VM's: a marshalled delegate
/// made the string-heavy part of bench P3 ≈ 20 % slower than C's allocator. The state is created through
/// KeraLua with a delegate and switched at once (<c>lua_setallocf</c>, Lua 5.4 manual §4.6) to an
/// <see cref="UnmanagedCallersOnlyAttribute"/> function whose books live in pinned memory. Both hand the memory work
/// to Lua's own C allocator (lauxlib's <c>l_alloc</c>: realloc/free of the C library Lua was built with), so every
/// block, made before the switch or after, comes from the same heap. A block of at most <see cref="QuickBlock"/> bytes
/// is reallocated or freed without the GC-mode transition (<see cref="SuppressGCTransitionAttribute"/>: a small
/// malloc/free is short and never calls back); a larger one may take the C library into mmap or a long copy, so the GC
/// is not kept waiting for it.
/// </remarks>
internal sealed unsafe class LuaMemoryBudget : IDisposable
{
    private const int UsedSlot = 0;
    private const int LimitSlot = 1;
    private const int OwnerSlot = 2;

    // [used bytes, ceiling, GCHandle of this budget]; pinned so the allocator can reach it from C without the GC.
    private readonly long[] _books = GC.AllocateArray<long>(3, pinned: true);
    private readonly Func<bool> _hostOnStack;
    private GCHandle _self;

    public LuaMemoryBudget(long limitBytes, Func<bool> hostOnStack)
    {
        LuaHeapSettings.EnsureApplied();
        _hostOnStack = hostOnStack;
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        _books[LimitSlot] = limitBytes;
        _books[OwnerSlot] = GCHandle.ToIntPtr(_self);
        // Only for lua_newstate, before Attach switches the state to the unmanaged entry point.
        Allocator = (_, ptr, originalSize, newSize) => Allocate(Books, ptr, originalSize, newSize);
    }

    public LuaAlloc Allocator { get; }

    public bool LimitHit { get; private set; }

    /// <summary>Called (on the Lua thread) when the ceiling is first hit: the run is ending.</summary>
    public Action? LimitReached { get; set; }

    private nint Books => (nint)Unsafe.AsPointer(ref _books[0]);

    private long Limit => _books[LimitSlot];

    public string Describe() =>
        $"the script needs more than {Limit / (1024 * 1024)} MB of Lua memory (--max-memory {Limit / (1024 * 1024)}MB); " +
        "keep fewer or smaller values alive, or raise --max-memory";

    /// <summary>Switches the state made with <see cref="Allocator"/> to the unmanaged entry point.</summary>
    public void Attach(KeraLua.Lua lua) => SetAllocF(lua.Handle, &AllocateUnmanaged, Books);

    // The Lua library KeraLua's calls reach (LuaNativeLibrary's choice: NativeLibrary.Load would skip that choice and map
    // KeraLua's own file beside it); its exports below are looked up once per process (a restart builds a new state).
    private static readonly nint LuaLibrary = LuaNativeLibrary.Handle;

    private static readonly delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, nint, nuint, nuint, nint>, nint, void> SetAllocF =
        (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, nint, nuint, nuint, nint>, nint, void>)
        NativeLibrary.GetExport(LuaLibrary, "lua_setallocf");

    // Blocks up to this size are allocated and freed without a GC-mode transition (see the remarks above).
    private const int QuickBlock = 4096;

    // lauxlib's l_alloc (what luaL_newstate gives a state; it ignores its ud), taken once per process from a
    // throw-away state.
    private static readonly nint LuaCAllocator = LookUpLuaCAllocator();
    private static readonly delegate* unmanaged[Cdecl]<nint, nint, nuint, nuint, nint> CAlloc =
        (delegate* unmanaged[Cdecl]<nint, nint, nuint, nuint, nint>)LuaCAllocator;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, nint, nuint, nuint, nint> CAllocQuick =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, nint, nuint, nuint, nint>)LuaCAllocator;

    private static nint LookUpLuaCAllocator()
    {
        var getAllocF = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)NativeLibrary.GetExport(LuaLibrary, "lua_getallocf");
        using var scratch = new KeraLua.Lua(openLibs: false);
        nint ud;
        return getAllocF(scratch.Handle, &ud);
    }

    /// <summary>After lua_close: nothing calls the allocator any more.</summary>
    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint AllocateUnmanaged(nint books, nint ptr, nuint originalSize, nuint newSize) =>
        Allocate(books, ptr, originalSize, newSize);

    private static nint Allocate(nint books, nint ptr, nuint originalSize, nuint newSize)
    {
        var used = (long*)books + UsedSlot;
        var limit = ((long*)books)[LimitSlot];
        // With ptr NULL, originalSize tells the kind of object, not a size (Lua 5.4 manual, lua_Alloc).
        var old = ptr == 0 ? 0L : (long)originalSize;
        try
        {
            if (newSize == 0)
            {
                if (ptr == 0) return 0;
                if (old <= QuickBlock) CAllocQuick(0, ptr, originalSize, 0);
                else CAlloc(0, ptr, originalSize, 0);
                *used -= old;
                return 0;
            }
            // Compared unsigned: a request of 2^63 bytes or more would turn negative as a long.
            var oversized = (ulong)newSize > (ulong)old && (ulong)newSize - (ulong)old > (ulong)limit;
            if (oversized && !Owner(books).HostOnStack())
            {
                // One request larger than the whole ceiling (io.read(2^53), string.rep("x", 1e12)) can never be met
                // and keeps nothing alive: it fails as the script's own "not enough memory" error, which pcall
                // catches, as a failed malloc does on the module. The run ends only when live memory grows past it.
                return 0;
            }
            var growth = (long)newSize - old;
            if (growth > 0 && *used + growth > limit)
            {
                var owner = Owner(books);
                owner.Hit();
                if (!owner.HostOnStack()) return 0;
            }
            var block = (ulong)newSize <= QuickBlock && old <= QuickBlock ? CAllocQuick(0, ptr, originalSize, newSize) : CAlloc(0, ptr, originalSize, newSize);
            if (block == 0) return 0;
            *used += growth;
            return block;
        }
        catch (Exception)
        {
            return HeapExhausted(books);
        }
    }

    // Never let an exception cross back into C (it would end the process): Lua treats NULL as a failed allocation.
    private static nint HeapExhausted(nint books)
    {
        try
        {
            Owner(books).Hit();
        }
        catch (Exception)
        {
            // The run still ends: the script gets "not enough memory".
        }
        return 0;
    }

    private static LuaMemoryBudget Owner(nint books) =>
        (LuaMemoryBudget)GCHandle.FromIntPtr((nint)((long*)books)[OwnerSlot]).Target!;

    private bool HostOnStack() => _hostOnStack();

    private void Hit()
    {
        if (LimitHit) return;
        LimitHit = true;
        LimitReached?.Invoke();
    }
}
