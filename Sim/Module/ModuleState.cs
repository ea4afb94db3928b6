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

    /// <summary>Radio coverage (a fault takes it away).</summary>
    public bool Coverage { get; set; } = true;

    /// <summary>The SIM was pulled at run time (a fault); <c>AT+CPIN?</c> answers <c>+CME ERROR: 10</c>.</summary>
    public bool SimRemoved { get; set; }

    /// <summary>Until then the module takes commands but answers nothing (realism: deaf after power-on).</summary>
    public DateTime DeafUntilUtc { get; set; }

    /// <summary><c>AT+CREG/CGREG/CEREG=n</c> per command (0 when never set).</summary>
    public Dictionary<string, int> RegistrationModes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool InService => Functionality == 1 && Coverage && !SimRemoved;

    public bool Registered => InService && PdnActive;

    public void Reset(ModuleOptions options)
    {
        Echo = true;
        Cmee = options.DefaultCmee;
        NotReadyUntilUtc = DateTime.UtcNow + options.NotReadyWindow;
        Functionality = 1;
        PdnActive = true;
        Coverage = true;
        Cip = CipState.Initial;
        BearerOpen = false;
        RegistrationModes.Clear();
    }
}
