namespace LuatHost.Sim.Module.Wire;

/// <summary>Run-time knobs of the serial line, changed by <see cref="ModuleFaults"/> while a session runs.</summary>
internal sealed class LinkConditions
{
    private long _urcLatencyTicks;
    private int _bytesPerSecond;
    private long _keepAliveTicks;

    /// <summary>Added before every asynchronous URC (CONNECT OK, PUBACK, +HTTPACTION…).</summary>
    public TimeSpan UrcLatency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _urcLatencyTicks));
        set => Interlocked.Exchange(ref _urcLatencyTicks, value.Ticks);
    }

    /// <summary>Output pacing emulating a baud rate (bytes/s ≈ baud/10); 0 = as fast as the stream takes it.</summary>
    public int BytesPerSecond
    {
        get => Volatile.Read(ref _bytesPerSecond);
        set => Volatile.Write(ref _bytesPerSecond, Math.Max(0, value));
    }

    /// <summary>Ping interval of the module's MQTT keep-alive instead of the MCONNECT value (tests compress time); null = as configured.</summary>
    public TimeSpan? MqttKeepAliveInterval
    {
        get => Interlocked.Read(ref _keepAliveTicks) is > 0 and var ticks ? TimeSpan.FromTicks(ticks) : null;
        set => Interlocked.Exchange(ref _keepAliveTicks, value?.Ticks ?? 0);
    }
}
