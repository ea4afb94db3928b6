using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>A Lua function kept in the registry until the host calls it back on the Lua thread.</summary>
public readonly struct LuaCallbackRef
{
    private readonly int _ref;

    private LuaCallbackRef(int reference) => _ref = reference;

    public bool IsEmpty => _ref == 0;

    /// <summary>Keeps the function at <paramref name="index"/> (nil or absent = empty).</summary>
    public static LuaCallbackRef Capture(KeraLua.Lua lua, int index)
    {
        if (!lua.IsFunction(index)) return default;
        lua.PushCopy(index);
        return new LuaCallbackRef(lua.Ref(LuaRegistry.Index));
    }

    /// <summary>Pushes the function back; with <paramref name="release"/> the registry slot is freed.</summary>
    public void Push(KeraLua.Lua lua, bool release)
    {
        lua.RawGetInteger(LuaRegistry.Index, _ref);
        if (release) lua.Unref(LuaRegistry.Index, _ref);
    }

    public void Release(KeraLua.Lua lua)
    {
        if (!IsEmpty) lua.Unref(LuaRegistry.Index, _ref);
    }
}
