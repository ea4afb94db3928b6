namespace LuatHost.Aliyun;

/// <summary>One publish waiting for the link; <see cref="Done"/> completes with true once the module confirmed it
/// (QoS0: OK, QoS1: PUBACK) or false when it can never be sent.</summary>
public sealed class OutgoingPublish
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal OutgoingPublish(string topic, byte[] payload, int qos)
    {
        Topic = topic;
        Payload = payload;
        Qos = qos;
    }

    public string Topic { get; }

    public byte[] Payload { get; }

    public int Qos { get; }

    /// <summary>How many times it went out without a confirmation (a link drop before PUBACK).</summary>
    public int Attempts { get; internal set; }

    public Task<bool> Done => _done.Task;

    internal void Complete(bool sent) => _done.TrySetResult(sent);
}

/// <summary>
/// The one FIFO every publish goes through, unbounded as in Luat's lib. It survives reconnects: a publish made while
/// offline waits for the next session, and one whose PUBACK never came (the link dropped) stays at the head and is
/// sent again — so nothing is lost. (Luat's lib fails queued publishes when a session ends; the product asks for
/// the stronger guarantee.) Thread-safe.
/// </summary>
public sealed class PublishQueue
{
    private readonly Lock _gate = new();
    private readonly LinkedList<OutgoingPublish> _items = new();

    /// <summary>Raised after an item was added (any thread).</summary>
    public event Action? Added;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public OutgoingPublish Enqueue(string topic, byte[] payload, int qos)
    {
        var item = new OutgoingPublish(topic, payload, qos);
        lock (_gate)
        {
            _items.AddLast(item);
        }
        Added?.Invoke();
        return item;
    }

    /// <summary>The oldest item, left in place until <see cref="Complete"/>: if sending it fails it is retried first.</summary>
    public bool TryPeek(out OutgoingPublish? item)
    {
        lock (_gate)
        {
            item = _items.First?.Value;
            return item is not null;
        }
    }

    /// <summary>Removes the item and completes its task.</summary>
    public void Complete(OutgoingPublish item, bool sent)
    {
        lock (_gate)
        {
            _items.Remove(item);
        }
        item.Complete(sent);
    }

    /// <summary>Completes everything with false (the client is shutting down for good).</summary>
    public void FailAll()
    {
        OutgoingPublish[] items;
        lock (_gate)
        {
            items = [.. _items];
            _items.Clear();
        }
        foreach (var item in items)
        {
            item.Complete(false);
        }
    }
}
