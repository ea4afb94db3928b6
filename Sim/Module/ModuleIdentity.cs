namespace LuatHost.Sim.Module;

/// <summary>
/// What the module says about itself. The defaults are the seed tutorial's device (IMEI 866714043075174, firmware
/// <c>AirM2M_Air724UG_V409_LTE_AT</c>). The SN is the one writable field (<c>AT+WISN=</c>; Luat's dynamic-registration
/// demos keep the DeviceSecret there), kept in memory or, when <see cref="SnFile"/> is set, in that file.
/// </summary>
public sealed class ModuleIdentity
{
    private readonly Lock _snGate = new();
    private string? _sn;

    public string Imei { get; init; } = "866714043075174";
    public string Manufacturer { get; init; } = "AirM2M";
    public string Model { get; init; } = "Air724UG";
    public string Firmware { get; init; } = "AirM2M_Air724UG_V409_LTE_AT";
    public string Iccid { get; init; } = "89860425102080123456";
    public string Imsi { get; init; } = "460041234567890";
    public string Muid { get; init; } = "0123456789ABCDEF0123456789ABCDEF";

    /// <summary>The SIM's own number (<c>AT+CNUM</c>); a short message sent to it comes back. Empty = not stored on the SIM.</summary>
    public string PhoneNumber { get; init; } = "+8614400000000";

    /// <summary>Initial SN when no file holds one; empty = "Missing SN".</summary>
    public string InitialSn { get; init; } = "";

    /// <summary>Optional file that persists the SN across runs (written atomically).</summary>
    public string? SnFile { get; init; }

    public string Sn
    {
        get
        {
            lock (_snGate)
            {
                if (_sn is null)
                {
                    _sn = SnFile is not null && File.Exists(SnFile) ? File.ReadAllText(SnFile).Trim() : InitialSn;
                }
                return _sn;
            }
        }
        set
        {
            lock (_snGate)
            {
                _sn = value;
                if (SnFile is null)
                {
                    return;
                }
                // The SN often is the DeviceSecret (dynamic registration stores it there): owner-only, temp + fsync + rename.
                LuatHost.Aliyun.Signing.SecretFile.WriteAtomically(SnFile, value);
            }
        }
    }
}
