using LuatHost.Luat.Binding;
using LuatHost.Luat.FileSystem;
using LuatHost.Luat.Loop;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// rtos: the core under sys.lua — the message loop (receive), core timers, tick, version, power
/// and FOTA hooks (luat-api §3.15). `rtos.on` is not here: sys.lua defines it, as on the device.
/// </summary>
public static class RtosModule
{
    /// <summary>rtos.tick() counts 16 per millisecond (patch.lua: os.clockms = tick / 16).</summary>
    public const long TicksPerMillisecond = 16;

    private static readonly (string Name, long Value)[] PowerOnReasons =
    [
        ("POWERON_KEY", 0), ("POWERON_CHARGER", 1), ("POWERON_ALARM", 2), ("POWERON_RESTART", 3),
        ("POWERON_OTHER", 4), ("POWERON_UNKNOWN", 5), ("POWERON_EXCEPTION", 6), ("POWERON_HOST", 7),
        ("POWERON_WATCHDOG", 8),
    ];

    private static readonly (string Name, long Value)[] CoreModules = [("MOD_KEYPAD", 1), ("MOD_TP", 2), ("MOD_ALARM", 3)];

    public static LuatLibrary Library { get; } = new("rtos", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var context = lib.Context;
        var pump = context.Messages;
        foreach (var (name, value) in RtosMessageIds.All) lib.Constant(name, value);
        foreach (var (name, value) in PowerOnReasons) lib.Constant(name, value);

        lib.Function("receive", lua => pump.Receive(lua, lua.OptionalInteger(1, "rtos.receive", RtosMessageIds.InfiniteTimeout)))
            .Function("timer_start", lua =>
            {
                var id = lua.Integer(1, "rtos.timer_start");
                var ms = lua.Number(2, "rtos.timer_start");
                // The core answers 0 for a time it cannot arm (sys.lua then logs "rtos.timer_start error"); shorter
                // than 5 ms it arms 5 (EventLoop.TryTimerDue owns both bounds).
                if (!EventLoop.TryTimerDue(Math.Max(ms, 1), out var due))
                {
                    lua.PushInteger(0);
                    return 1;
                }
                pump.StartTimer(id, (long)due.TotalMilliseconds);
                lua.PushInteger(1);
                return 1;
            })
            .Function("timer_stop", lua =>
            {
                pump.StopTimer(lua.Integer(1, "rtos.timer_stop"));
                return 0;
            })
            .Function("tick", lua =>
            {
                lua.PushInteger(context.Loop.TickMilliseconds * TicksPerMillisecond);
                return 1;
            })
            .Function("get_version", lua =>
            {
                lua.PushString(LuatCoreVersion.Text);
                return 1;
            })
            .Function("get_build_time", lua =>
            {
                lua.PushString("luathost");
                return 1;
            })
            .Function("poweron_reason", lua =>
            {
                lua.PushInteger(context.RestartCount > 0 ? 3 : 0);
                return 1;
            })
            .Function("restart", lua => Restart(context, lua.OptionalText(1, "rtos.restart") ?? "rtos.restart"))
            .Function("repoweron", lua => Restart(context, "rtos.repoweron"))
            .Function("poweroff", lua =>
            {
                pump.RequestEnd(LuatRunEnd.Exit, "0");
                pump.ThrowIfEnding();
                return 0;
            })
            // Host-only (not a Luat call): sys.run announces itself, so an error that escapes
            // from then on is a run-time script error (printed, then a restart) rather than a
            // broken project (the run fails at once).
            .Function("luathost_scheduler_started", lua =>
            {
                pump.MarkSchedulerStarted();
                return 0;
            })
            .Function("is_ending", lua =>
            {
                lua.PushBoolean(pump.Ending is not null);
                return 1;
            })
            .Function("make_dir", lua =>
            {
                Directory.CreateDirectory(context.Files.Resolve(lua.Text(1, "rtos.make_dir"), VfsAccess.Write));
                lua.PushBoolean(true);
                return 1;
            })
            .Function("remove_dir", lua =>
            {
                // `/` and `/lua` are mount points (on the PC: the device data folder and the user's
                // project folder); a recursive delete of either fails, as removing a mount would, and
                // everything under the read-only /lua/ is refused.
                var virtualPath = lua.Text(1, "rtos.remove_dir");
                var normalized = VirtualFileSystem.Normalize(virtualPath);
                if (normalized is null or "/" || normalized == VirtualFileSystem.ProjectMount)
                {
                    lua.PushBoolean(false);
                    return 1;
                }
                var path = context.Files.Resolve(virtualPath, VfsAccess.Write);
                if (path == context.Files.DataDirectory)
                {
                    lua.PushBoolean(false);
                    return 1;
                }
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                lua.PushBoolean(true);
                return 1;
            })
            .Function("rename_dir", lua =>
            {
                var from = context.Files.Resolve(lua.Text(1, "rtos.rename_dir"));
                var to = context.Files.Resolve(lua.Text(2, "rtos.rename_dir"));
                var ok = Directory.Exists(from) && !Directory.Exists(to) && !File.Exists(to);
                if (ok) Directory.Move(from, to);
                lua.PushBoolean(ok);
                return 1;
            })
            .Function("toint64", lua =>
            {
                // The decimal text of a number as 8 little-endian bytes (the core's int64 helper).
                var text = lua.Text(1, "rtos.toint64");
                if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
                    throw LuaArgs.BadArgument(1, "rtos.toint64", "decimal integer text expected");
                var bytes = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                lua.PushBuffer(bytes);
                return 1;
            })
            .Function("get_env_usage", lua => PushInteger(lua, 30))
            .Function("get_hardware", lua =>
            {
                lua.PushString("AIR724UG");
                return 1;
            })
            .Function("get_fs_free_size", lua => PushInteger(lua, 512 * 1024))
            .Function("get_fs_total_size", lua => PushInteger(lua, 720 * 1024))
            .Function("get_fatal_info", lua =>
            {
                lua.PushString("");
                return 1;
            })
            // FOTA: the PC has no firmware to replace; 0 = OK so aLiYunOta's flow runs to its end.
            .Function("fota_start", lua => PushInteger(lua, 0))
            .Function("fota_process", lua => PushInteger(lua, 0))
            .Function("fota_end", lua => PushInteger(lua, 0));

        // Core modules a script switches on (keypad matrix, alarm, touch panel): none is on the PC, so nothing ever
        // reports through them (Luat's demo/keypad and demo/alarm call rtos.init_module before rtos.on).
        foreach (var (name, value) in CoreModules) lib.Constant(name, value);
        foreach (var noOp in new[] { "init_module", "poweron", "set_trace", "set_lua_info", "remove_fatal_info", "set_alarm",
                     "set_time", "sleep", "openSoftDog", "eatSoftDog", "closeSoftDog", "sys32k_clk_out" })
            lib.Recorded(noOp);
    }

    private static int PushInteger(KeraLua.Lua lua, long value)
    {
        lua.PushInteger(value);
        return 1;
    }

    private static int Restart(LuatContext context, string reason)
    {
        context.Messages.RequestEnd(LuatRunEnd.Restart, reason);
        context.Messages.ThrowIfEnding();
        return 0;
    }
}
