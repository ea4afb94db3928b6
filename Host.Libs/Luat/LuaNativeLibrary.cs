using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LuatHost.Luat;

/// <summary>
/// Chooses the one Lua 5.4 library every Lua call in the process reaches. On Linux x64 that is LuatHost's own build of
/// Lua 5.4 (native/lua/README.md: Lua's sources built with GCC's profile-guided optimisation, trained on Lua's own test
/// suite; it runs bench P3's workload ≈ 8–10 % faster than KeraLua's build). Elsewhere, and where that build is missing,
/// does not load (it needs glibc 2.34 or later) or <c>LUATHOST_LUA_LIBRARY=keralua</c> asks for it, KeraLua's own
/// liblua54 is loaded, as it would be without this class. KeraLua's imports and the host's own
/// (<see cref="Loop.LuaHookArming"/>, and the exports <see cref="LuaMemoryBudget"/> calls through function pointers) get
/// the same handle: a hook or an allocator installed through one copy of the library on a state another copy made would
/// run one copy's code on the other's data.
/// </summary>
public static class LuaNativeLibrary
{
    /// <summary>Set to <c>keralua</c> to run on KeraLua's build even where LuatHost's loads.</summary>
    public const string Variable = "LUATHOST_LUA_LIBRARY";

    // Where the Host.Libs project copies native/lua/linux-x64/liblua54.so in every output folder that runs Lua.
    private static readonly string OwnBuild = Path.Combine(AppContext.BaseDirectory, "lua", "linux-x64", "liblua54.so");

    private static readonly Lazy<(IntPtr Handle, string Description, bool Own)> Loaded = new(Load);
    private static int _registered;

    /// <summary>What was loaded, for <c>luathost --version</c>: whose build, and the release its <c>lua_ident</c> names.</summary>
    public static string Description => Loaded.Value.Description;

    /// <summary>The loaded library, for exports the host calls through function pointers (<see cref="LuaMemoryBudget"/>).</summary>
    internal static IntPtr Handle => Loaded.Value.Handle;

    /// <summary>True when Lua runs on LuatHost's own build, false on KeraLua's.</summary>
    public static bool IsOwnBuild => Loaded.Value.Own;

    /// <summary>
    /// Registers the choice before any Lua function is bound: it runs when this assembly is loaded, which the host's
    /// entry points (LuatRuntime, the REPL, <c>--version</c>) do before their first Lua call.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Every Lua P/Invoke in the process must bind to one library; the resolver has to be in place before the first binds, whoever calls first.")]
    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(KeraLua.Lua).Assembly, Resolve);
        NativeLibrary.SetDllImportResolver(typeof(LuaNativeLibrary).Assembly, Resolve);
    }

    // KeraLua imports "liblua54.so" on Linux ("lua54" elsewhere); LuaHookArming imports "lua54".
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name is "lua54" or "liblua54.so" ? Loaded.Value.Handle : IntPtr.Zero;

    private static (IntPtr, string, bool) Load()
    {
        var skipped = OwnBuildSkipped();
        if (skipped is null)
        {
            if (NativeLibrary.TryLoad(OwnBuild, out var own)) return (own, $"LuatHost's PGO build of {Release(own)}", true);
            skipped = $"LuatHost's build at {OwnBuild} did not load (it needs glibc 2.34 or later)";
        }
        // KeraLua's own file, found as its DllImport would find it (the package's runtimes/<rid>/native folder).
        var keraLua = typeof(KeraLua.Lua).Assembly;
        var handle = NativeLibrary.Load(OperatingSystem.IsWindows() ? "lua54" : OperatingSystem.IsLinux() ? "liblua54.so" : "liblua54", keraLua, null);
        return (handle, $"KeraLua's build of {Release(handle)}" + (skipped.Length > 0 ? $", {skipped}" : ""), false);
    }

    // Null when LuatHost's build should be tried; otherwise why not ("" when this platform simply has none).
    private static string? OwnBuildSkipped()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return "";
        if (string.Equals(Environment.GetEnvironmentVariable(Variable), "keralua", StringComparison.OrdinalIgnoreCase))
            return $"chosen by {Variable}=keralua";
        return File.Exists(OwnBuild) ? null : $"LuatHost's build is not at {OwnBuild}";
    }

    // lua_ident (lapi.c) reads "$LuaVersion: Lua 5.4.8  Copyright … $$LuaAuthors: … $".
    private static string Release(IntPtr library)
    {
        if (!NativeLibrary.TryGetExport(library, "lua_ident", out var ident)) return "Lua 5.4";
        var text = Marshal.PtrToStringAnsi(ident) ?? "";
        const string Marker = "$LuaVersion: ";
        var start = text.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0) return "Lua 5.4";
        start += Marker.Length;
        var end = text.IndexOf("  ", start, StringComparison.Ordinal);
        return end > start ? text[start..end] : "Lua 5.4";
    }
}
