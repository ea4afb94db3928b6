namespace LuatHost.Sim.Module;

/// <summary>How much the virtual module behaves like hardware on a cellular network (<c>--realism</c>).</summary>
public enum ModuleRealism
{
    /// <summary>Answers at once, one RDY, ready immediately: the quick start and most tests.</summary>
    Instant,

    /// <summary>Latencies and start-up behaviour in the middle of what real modules show.</summary>
    Typical,

    /// <summary>The slow end: long latencies, RDY twice, a longer deaf period after boot.</summary>
    Harsh,
}

/// <summary>A latency drawn uniformly between two bounds.</summary>
public readonly record struct LatencyRange(TimeSpan Min, TimeSpan Max)
{
    public static LatencyRange None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    public static LatencyRange Milliseconds(int min, int max) => new(TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(max));

    public TimeSpan Draw(Random random) =>
        Max <= Min ? Min : Min + TimeSpan.FromTicks((long)(random.NextDouble() * (Max - Min).Ticks));
}

/// <summary>Which asynchronous result a latency applies to.</summary>
public enum UrcKind
{
    Other,
    TcpConnect,
    Connack,
    MqttAck,
    HttpAction,
}

/// <summary>
/// The numbers behind a <see cref="ModuleRealism"/>. Field evidence (openLuat AT manual examples and FAQ, third-party
/// Air724/Air780 driver logs) gives: <c>OK</c> → <c>CONNECT OK</c> hundreds of ms to several s, → <c>CONNACK OK</c>
/// 100 ms – 2 s, → <c>+HTTPACTION:</c> 300 ms – 10 s+, AT deaf for several seconds after power-on and RDY printed
/// twice by some firmware. Where the sources give a range, the profiles take a part of it so a test stays a few
/// seconds long (typical: the lower middle, harsh: the upper part up to ~3 s); every number is settable.
/// </summary>
public sealed record RealismProfile
{
    public static RealismProfile Instant { get; } = new();

    public static RealismProfile Typical { get; } = new()
    {
        TcpConnect = LatencyRange.Milliseconds(300, 1200),
        Connack = LatencyRange.Milliseconds(100, 600),
        MqttAck = LatencyRange.Milliseconds(30, 250),
        HttpAction = LatencyRange.Milliseconds(300, 1200),
        DeafAfterBoot = TimeSpan.FromSeconds(2),
        SecondRdyChance = 0.3,
    };

    public static RealismProfile Harsh { get; } = new()
    {
        TcpConnect = LatencyRange.Milliseconds(1000, 3000),
        Connack = LatencyRange.Milliseconds(500, 2000),
        MqttAck = LatencyRange.Milliseconds(100, 800),
        HttpAction = LatencyRange.Milliseconds(1000, 3000),
        DeafAfterBoot = TimeSpan.FromSeconds(4),
        SecondRdyChance = 1.0,
    };

    public static RealismProfile For(ModuleRealism realism) => realism switch
    {
        ModuleRealism.Typical => Typical,
        ModuleRealism.Harsh => Harsh,
        _ => Instant,
    };

    public LatencyRange TcpConnect { get; init; } = LatencyRange.None;

    public LatencyRange Connack { get; init; } = LatencyRange.None;

    /// <summary>SUBACK, UNSUBACK, PUBACK, PUBREC/PUBCOMP.</summary>
    public LatencyRange MqttAck { get; init; } = LatencyRange.None;

    public LatencyRange HttpAction { get; init; } = LatencyRange.None;

    /// <summary>After the boot URCs the module takes commands but answers nothing for this long.</summary>
    public TimeSpan DeafAfterBoot { get; init; }

    /// <summary>Chance (0..1) that a boot prints <c>RDY</c> twice.</summary>
    public double SecondRdyChance { get; init; }

    public TimeSpan Latency(UrcKind kind, Random random) => kind switch
    {
        UrcKind.TcpConnect => TcpConnect.Draw(random),
        UrcKind.Connack => Connack.Draw(random),
        UrcKind.MqttAck => MqttAck.Draw(random),
        UrcKind.HttpAction => HttpAction.Draw(random),
        _ => TimeSpan.Zero,
    };
}
