namespace LuatHost.Runtime;

/// <summary>
/// The messages Luat's lib/misc.lua publishes when the module identity is known (openLuat Luat_4G_RDA_8910,
/// script_LuaTask/lib/misc.lua). Both script faces announce the identity read with these names.
/// </summary>
public static class LuatIdentityMessages
{
    public const string ImeiReady = "IMEI_READY_IND";
    public const string SnReady = "SN_READY_IND";
    public const string ModelReady = "MODEL_NUMBER_READY_IND";
}
