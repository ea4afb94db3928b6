using KeraLua;
using LuatHost.Aliyun.Ota;
using LuatHost.Luat.Binding;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// aLiYunOta (lib/aLiYunOta.lua): requiring it turns on the OTA connect side of <see cref="AliyunOta"/> — the upgrade
/// topic subscription and the version report (default <c>PROJECT_VERSION_core</c>, read at require time as Luat does).
/// An upgrade push is validated and logged; downloading it is a later issue, so setCb's callback is not called yet.
/// </summary>
public static class ALiYunOtaModule
{
    public static LuatLibrary Library { get; } = new("aLiYunOta", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var context = lib.Context;
        var aliyun = AliyunLuaState.For(context);
        var ota = aliyun.Client is { } client ? context.Track(new AliyunOta(client, DefaultVersion(context.Lua))) : null;
        if (ota is not null)
        {
            ota.UpgradeAnnounced += notice => aliyun.WriteLog(LuatLogLevel.Info, "aLiYunOta", notice.AnnouncementText);
            ota.Problem += text => aliyun.WriteLog(LuatLogLevel.Warn, "aLiYunOta", text);
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
                aliyun.SetHandler(lua, "ota", LuaCallbackRef.Capture(lua, 1));
                return 0;
            })
            .Function("isDownloading", lua =>
            {
                lua.PushBoolean(false);
                return 1;
            })
            .Function("getPercent", lua =>
            {
                lua.PushInteger(0);
                return 1;
            });
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
