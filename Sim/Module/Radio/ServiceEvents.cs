namespace LuatHost.Sim.Module.Radio;

/// <summary>
/// What the module prints when radio service goes and comes back, exactly as the Air780E SIM application guide's
/// hot-plug transcript shows it (openLuat luatos-doc-pool, <c>780E_AT_SIM应用指南.md</c>); the low-power and call
/// guides show <c>^MODE: 0,0</c> / <c>^MODE: 17,17</c> on coverage loss, PSM and the end of a call.
/// </summary>
internal static class ServiceEvents
{
    /// <summary>Coverage lost, radio off (<c>AT+CFUN=0</c>), or the start of a SIM removal.</summary>
    public static readonly string[] Lost = ["^MODE: 0,0", "+NO Service", "+CGEV: NW PDN DEACT 1", "+CGEV: ME DETACH"];

    /// <summary>The SIM removal tail after <see cref="Lost"/>.</summary>
    public const string SimRemoved = "+CPIN: SIM REMOVED 0";

    /// <summary>Service back (coverage, <c>AT+CFUN=1</c>, SIM inserted): LTE, the default PDN re-activated.</summary>
    public static readonly string[] Back = ["^MODE: 17,17", "+E_UTRAN Service", "+CGEV: ME PDN ACT 1,0"];

    /// <summary>The SIM insertion tail after <see cref="Back"/>.</summary>
    public const string SimReady = "+CPIN: READY";

    /// <summary>After a voice call ends the module reports the (unchanged) LTE mode again.</summary>
    public const string ModeReport = "^MODE: 17,17";
}
