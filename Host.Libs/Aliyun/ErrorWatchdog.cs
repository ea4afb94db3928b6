namespace LuatHost.Aliyun;

/// <summary>
/// <c>aLiYun.setErrHandle(cb, timeout)</c>: if nothing proves the link alive (a confirmed publish, a received message,
/// a session step) for <c>timeout</c> while the client is awake, the callback fires (scripts usually restart).
/// It fires again after each further silent period.
/// </summary>
internal sealed class ErrorWatchdog : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly Func<bool> _isSleeping;
    private readonly Action _fire;
    private readonly Timer _timer;

    public ErrorWatchdog(TimeSpan timeout, Func<bool> isSleeping, Action fire)
    {
        _timeout = timeout;
        _isSleeping = isSleeping;
        _fire = fire;
        _timer = new Timer(_ => OnSilence(), null, timeout, Timeout.InfiniteTimeSpan);
    }

    public void Feed() => _timer.Change(_timeout, Timeout.InfiniteTimeSpan);

    private void OnSilence()
    {
        if (!_isSleeping())
        {
            _fire();
        }
        Feed();
    }

    public void Dispose() => _timer.Dispose();
}
