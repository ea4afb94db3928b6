namespace LuatHost.Runtime;

/// <summary>Luat lib/log.lua levels; the numbers are the module's LOGLEVEL_* constants.</summary>
public enum LuatLogLevel
{
    Silent = 0,
    Trace = 1,
    Debug = 2,
    Info = 3,
    Warn = 4,
    Error = 5,
    Fatal = 6,
}
