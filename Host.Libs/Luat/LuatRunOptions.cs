namespace LuatHost.Luat;

/// <summary>How to run one Luat project (what `luathost run` and end-to-end tests pass in).</summary>
public sealed class LuatRunOptions
{
    /// <summary>The project folder; it is `/lua/` inside the device's file system.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The entry script inside the project (Luat starts main.lua).</summary>
    public string MainFile { get; init; } = "main.lua";

    /// <summary>The host folder that is `/` on the device (nvm files, downloads, the persisted SN).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Stop the run after this long (null = until the script ends or the host is stopped).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Allow os.execute / io.popen (off by default: scripts stay inside the device).</summary>
    public bool Unsafe { get; init; }

    /// <summary>When a script calls sys.restart / rtos.restart: re-run from a fresh state (true) or end the run.</summary>
    public bool RestartOnRequest { get; init; } = true;

    /// <summary>aLiYunOta's package download: size limit (1 MB as on the module), retries, retry delay, timeouts.</summary>
    public Aliyun.Ota.OtaDownloadOptions Ota { get; init; } = new();

    /// <summary>How print/log show a string's bytes: null = auto (UTF-8 when valid, else GBK); see LuaTextDecoder.</summary>
    public System.Text.Encoding? ConsoleEncoding { get; init; }

    /// <summary>The encoding the project's files are saved in (--encoding): null = detect (see Compat.ProjectSourceEncoding).</summary>
    public System.Text.Encoding? SourceEncoding { get; init; }

    /// <summary>Lua source run instead of <see cref="MainFile"/> at each power-on (the REPL's loop); null = run MainFile.</summary>
    public string? EntrySource { get; init; }

    /// <summary>Called on the Lua thread at each power-on, before the entry runs (the REPL attaches to the fresh state here).</summary>
    public Action<LuatRuntime>? PoweredOn { get; init; }

    /// <summary>Warn when the script has not yielded (come back to rtos.receive) for this long; zero = never.</summary>
    public TimeSpan NoYieldWarning { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ceiling on the Lua state's memory (--max-memory); far above a module's budget.</summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryBytes;

    public const long DefaultMaxMemoryBytes = 256L * 1024 * 1024;

    /// <summary>Receives every finished print/log line.</summary>
    public Action<string> Output { get; init; } = Console.WriteLine;

    /// <summary>The module's UARTs wired to ports of the PC (`--uart 1=/dev/ttyUSB1`), by Luat UART id; the caller owns them.</summary>
    public IReadOnlyDictionary<long, Device.UartPort> Uarts { get; init; } = new Dictionary<long, Device.UartPort>();

    /// <summary>
    /// The access points wifi.getinfo reports (the 8910 core's scanner, which no AT command reaches from the PC):
    /// none unless a caller places some, as a test does to try a script's Wi-Fi locating.
    /// </summary>
    public IReadOnlyList<Modules.WifiAccessPoint> WifiAccessPoints { get; init; } = [];

    /// <summary>Reports host-side problems (a module error, an ignored project file); defaults to <see cref="Output"/>.</summary>
    public Action<string>? Diagnostics { get; init; }

    internal void Diagnose(string message) => (Diagnostics ?? Output)(message);
}
