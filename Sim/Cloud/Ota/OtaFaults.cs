namespace LuatHost.Sim.Cloud.Ota;

/// <summary>
/// Fault knobs on package serving, for tests and demos (all off by default; set them through <see cref="LocalCloud.Ota"/> or
/// <c>POST /admin/ota/faults</c>). Each knob says what a device must survive: a link that drops mid-body, a server that
/// fails a few times, a package that does not match its MD5, a URL that expired before the device used it.
/// </summary>
public sealed class OtaFaults
{
    private readonly Lock _gate = new();
    private long? _cutAtOffset;
    private int _failuresLeft;

    /// <summary>The next response that would carry package byte N (absolute offset) stops right before it and drops the connection; one shot.</summary>
    public long? CutAtOffset
    {
        get { lock (_gate) return _cutAtOffset; }
        set { lock (_gate) _cutAtOffset = value; }
    }

    /// <summary>The next M package requests get HTTP 500.</summary>
    public int FailuresLeft
    {
        get { lock (_gate) return _failuresLeft; }
        set { lock (_gate) _failuresLeft = Math.Max(0, value); }
    }

    /// <summary>The byte at this offset is served inverted, so the MD5 check on the device must fail.</summary>
    public long? CorruptOffset { get; set; }

    /// <summary>Every package URL is treated as expired (403), as if the device were too late.</summary>
    public bool ExpireUrls { get; set; }

    internal bool TakeFailure()
    {
        lock (_gate)
        {
            if (_failuresLeft <= 0) return false;
            _failuresLeft--;
            return true;
        }
    }

    /// <summary>If the cut lies inside [start, end], consumes it and returns how many bytes may still be sent.</summary>
    internal long? TakeCut(long start, long end)
    {
        lock (_gate)
        {
            if (_cutAtOffset is not { } cut || cut < start || cut > end) return null;
            _cutAtOffset = null;
            return cut - start;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _cutAtOffset = null;
            _failuresLeft = 0;
        }
        CorruptOffset = null;
        ExpireUrls = false;
    }
}
