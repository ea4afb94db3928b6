using System.Runtime.CompilerServices;
using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Aliyun;

/// <summary>
/// One <see cref="Air724"/> per AT engine: each dialect family registers its URC handlers when constructed, so a
/// second instance on the same engine would deliver every <c>+MSUB:</c> twice. Services that outlive one script
/// power-on (the engine does) share it through here.
/// </summary>
public static class ModemSharing
{
    private static readonly ConditionalWeakTable<AtEngine, Air724> Modems = new();

    public static Air724 For(AtEngine engine) => Modems.GetValue(engine, static e => new Air724(e));
}
