namespace LuatHost.Sim.Module;

/// <summary>TCP/IP context states printed by <c>AT+CIPSTATUS</c> (docs/air724-at.md §3, SIMCom-compatible set).</summary>
internal static class CipState
{
    public const string Initial = "IP INITIAL";
    public const string Start = "IP START";
    public const string GprsAct = "IP GPRSACT";
    public const string Status = "IP STATUS";
    public const string PdpDeact = "PDP DEACT";
}

/// <summary>Line and radio state that a reboot resets. Only touched inside the module's turn.</summary>
internal sealed class ModuleState
{
    public bool Echo { get; set; } = true;
    public int Cmee { get; set; }
    public DateTime NotReadyUntilUtc { get; set; }

    /// <summary><c>AT+CFUN</c> level: 1 full, 0 minimum, 4 flight mode.</summary>
    public int Functionality { get; set; } = 1;

    /// <summary>Default PDN up (LTE attach): <c>+CGATT: 1</c>.</summary>
    public bool PdnActive { get; set; } = true;

    public string Cip { get; set; } = CipState.Initial;

    /// <summary><c>AT+SAPBR</c> bearer 1 open.</summary>
    public bool BearerOpen { get; set; }

    public bool Registered => Functionality == 1 && PdnActive;

    public void Reset(ModuleOptions options)
    {
        Echo = true;
        Cmee = options.DefaultCmee;
        NotReadyUntilUtc = DateTime.UtcNow + options.NotReadyWindow;
        Functionality = 1;
        PdnActive = true;
        Cip = CipState.Initial;
        BearerOpen = false;
    }
}
