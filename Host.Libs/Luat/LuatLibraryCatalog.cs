using LuatHost.Luat.Modules;

namespace LuatHost.Luat;

/// <summary>
/// Every library the host provides, opened from this one list (as Lua's linit.c does). Pure-Lua
/// libraries (sys, utils, patch, nvm …) come from scripts/lib and need no entry. Adding a library
/// is one line here plus its file under Modules/.
/// </summary>
public static class LuatLibraryCatalog
{
    public static IReadOnlyList<LuatLibrary> BuiltIn { get; } =
    [
        RtosModule.Library,
        MessageTimerModule.Library,
        BitModule.Library,
        PackModule.Library,
        CryptoModule.Library,
        IconvModule.Library,
        JsonModule.Library,
        UartModule.Library,
        PioModule.Library,
        PmdModule.Library,
        I2cModule.Library,
        SpiModule.Library,
        AdcModule.Library,
        PwmModule.Library,
        AudioCoreModule.Library,
        TtsPlayModule.Library,
        WifiModule.Library,
        IoStorageModule.Library,
        IoDirectoryModule.Library,
        LogModule.Library,
        RilModule.Library,
        MiscModule.Library,
        SimModule.Library,
        NetModule.Library,
        LinkModule.Library,
        ALiYunModule.Library,
        ALiYunOtaModule.Library,
        HttpModule.Library,
        SocketCoreModule.Library,
        MqttCoreModule.Library,
        ConsoleModule.Library,
    ];
}
