using KeraLua;
using LuatHost.Aliyun;
using LuatHost.Aliyun.Ota;
using LuatHost.Luat.Binding;
using LuatHost.Luat.FileSystem;
using LuatHost.Luat.Loop;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// aLiYunOta (lib/aLiYunOta.lua): requiring it turns on <see cref="AliyunOta"/> — the upgrade topic subscription, the
/// version report (default <c>PROJECT_VERSION_core</c>, read at require time as Luat does) and, on a push, the download
/// through the module into the device file system under the <c>setName</c> name. Then <c>setCb</c>'s callback gets
/// <c>(result, path)</c>; without one a verified download restarts the script, as Luat's <c>sys.restart("ALIYUN_OTA")</c>.
/// </summary>
public static class ALiYunOtaModule
{
    public static LuatLibrary Library { get; } = new("aLiYunOta", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("http", "log");
        var context = lib.Context;
        var aliyun = AliyunLuaState.For(context);
        var callback = new LuaCallbackRef[1];
        AliyunOta? ota = null;
        if (aliyun.Client is { } client && context.Device is { } device)
        {
            var options = context.Options.Ota;
            var setup = new OtaDownloadSetup(new HttpTransfer(device.Modem, options.ReadChunkBytes), name => Place(context.Files, name), options);
            ota = context.Track(new AliyunOta(client, DefaultVersion(context.Lua), setup));
            ota.UpgradeAnnounced += notice => aliyun.WriteLog(LuatLogLevel.Info, "aLiYunOta", notice.AnnouncementText);
            ota.Problem += text => aliyun.WriteLog(LuatLogLevel.Warn, "aLiYunOta", text);
            ota.DownloadFinished += result => context.Messages.PostToLua(l => Finish(context, l, callback[0], result));
        }
        lib.Function("setVer", lua =>
            {
                ota?.SetVersion(lua.Text(1, "aLiYunOta.setVer"));
                return 0;
            })
            .Function("setName", lua =>
            {
                if (ota is not null) ota.DownloadFileName = lua.OptionalText(1, "aLiYunOta.setName");
                return 0;
            })
            .Function("setCb", lua =>
            {
                if (!callback[0].IsEmpty) callback[0].Release(lua);
                callback[0] = LuaCallbackRef.Capture(lua, 1);
                return 0;
            })
            .Function("isDownloading", lua =>
            {
                lua.PushBoolean(ota?.IsDownloading ?? false);
                return 1;
            })
            .Function("getPercent", lua =>
            {
                lua.PushNumber(ota?.Percent ?? 0);
                return 1;
            });
    }

    /// <summary>A setName name is a device path ("MCU.bin" is "/MCU.bin"); the project folder /lua/ is not a download target.</summary>
    private static OtaFilePlace Place(VirtualFileSystem files, string name)
    {
        var devicePath = VirtualFileSystem.Normalize(name.StartsWith('/') ? name : "/" + name)
            ?? throw new UnauthorizedAccessException($"'{name}' is outside the device file system");
        if (devicePath == VirtualFileSystem.ProjectMount || devicePath.StartsWith(VirtualFileSystem.ProjectMount + "/", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"'{devicePath}' is in the script folder /lua/; give setName a name outside it");
        }
        return new OtaFilePlace(devicePath, files.Resolve(devicePath));
    }

    /// <summary>On the Lua thread: setCb's callback, or Luat's restart after a verified download when there is none.</summary>
    private static void Finish(LuatContext context, KeraLua.Lua lua, LuaCallbackRef callback, OtaDownloadResult result)
    {
        if (!callback.IsEmpty)
        {
            callback.Push(lua, release: false);
            lua.PushBoolean(result.Succeeded);
            if (result.DevicePath is { } path) lua.PushString(path); else lua.PushNil();
            context.Messages.CallProtected(lua, 2, "aLiYunOta.setCb callback");
            return;
        }
        if (result.Succeeded)
        {
            context.WriteLine(LuatLogFormat.Format(LuatLogLevel.Info, "aLiYunOta",
                $"upgrade stored as {result.DevicePath}; no setCb callback, restarting as the module does after an upgrade"));
            context.Messages.RequestEnd(LuatRunEnd.Restart, "ALIYUN_OTA");
        }
    }

    private static string DefaultVersion(KeraLua.Lua lua)
    {
        string Global(string name)
        {
            lua.GetGlobalRaw(name);
            var value = lua.Type(-1) is LuaType.String or LuaType.Number ? lua.Text(-1, "aLiYunOta") : "";
            lua.Pop(1);
            return value;
        }
        return AliyunOta.DefaultVersion(Global("PROJECT"), Global("VERSION"));
    }
}
