using LuatHost.Aliyun;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// Messages for <c>aLiYun.ReceiveAsync</c>: every received message is kept here (besides going to the "receive"
/// callback) until a ReceiveAsync takes it, oldest first. A script that only uses the callback never reads the
/// inbox, so it is bounded: past <see cref="Capacity"/> the oldest unread message is dropped.
/// Used on the loop thread only (messages arrive through the loop; waits time out on loop timers).
/// </summary>
internal sealed class ReceivedMessageInbox(EventLoop loop)
{
    public const int Capacity = 256;

    private readonly EventLoop _loop = loop;

    private readonly Queue<AliyunMessage> _unread = new();
    private readonly LinkedList<Waiter> _waiters = new();

    /// <summary>Unread messages dropped because the inbox was full.</summary>
    public int Dropped { get; private set; }

    public void Add(AliyunMessage message)
    {
        if (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.Complete(message);
            return;
        }
        if (_unread.Count == Capacity)
        {
            _unread.Dequeue();
            Dropped++;
        }
        _unread.Enqueue(message);
    }

    /// <summary>The oldest unread message, or the next to arrive; null after <paramref name="timeoutMs"/>.</summary>
    public Task<AliyunMessage?> TakeAsync(int? timeoutMs, CancellationToken cancellationToken)
    {
        if (timeoutMs is <= 0) throw new ArgumentOutOfRangeException(nameof(timeoutMs), timeoutMs, "aLiYun.ReceiveAsync needs a positive timeout (or none).");
        if (_unread.TryDequeue(out var message)) return Task.FromResult<AliyunMessage?>(message);
        var waiter = new Waiter(this);
        waiter.Node = _waiters.AddLast(waiter);
        if (timeoutMs is { } ms) waiter.TimerId = _loop.StartTimer(TimeSpan.FromMilliseconds(ms), static w => w.Expire(cancelled: false), waiter);
        if (cancellationToken.CanBeCanceled)
            waiter.Cancellation = cancellationToken.Register(static s => ((Waiter)s!).CancelOnLoop(), waiter);
        return waiter.Task;
    }

    private sealed class Waiter(ReceivedMessageInbox inbox)
    {
        private readonly TaskCompletionSource<AliyunMessage?> _done = new();

        public LinkedListNode<Waiter>? Node;
        public long TimerId;
        public CancellationTokenRegistration Cancellation;

        public Task<AliyunMessage?> Task => _done.Task;

        public void Complete(AliyunMessage message)
        {
            Node = null;
            Finish(() => _done.TrySetResult(message));
        }

        // Timer and cancellation both end here on the loop thread; a waiter already served is left alone.
        public void Expire(bool cancelled)
        {
            if (Node is null) return;
            inbox._waiters.Remove(Node);
            Node = null;
            Finish(() =>
            {
                if (cancelled) _done.TrySetCanceled();
                else _done.TrySetResult(null);
            });
        }

        public void CancelOnLoop() => inbox._loop.Post(static w => w.Expire(cancelled: true), this);

        private void Finish(Action complete)
        {
            if (TimerId != 0) inbox.StopTimer(TimerId);
            Cancellation.Dispose();
            complete();
        }
    }

    private void StopTimer(long id) => _loop.StopTimer(id);
}
