using System.Text;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>An accepted message: published by a device (Sender "pk/dn") or by the cloud (Sender "cloud").</summary>
public sealed record CloudMessage(
    long Sequence,
    DateTimeOffset Time,
    string Topic,
    byte[] Payload,
    int Qos,
    string Sender,
    string? ProductKey,
    string? DeviceName)
{
    public const string CloudSender = "cloud";

    public bool FromCloud => Sender == CloudSender;

    public string PayloadText => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// The broker's bounded memory of accepted messages, oldest dropped first. Tests and the CLI read
/// it; <see cref="WaitForAsync"/> lets a test wait for a message instead of sleeping.
/// </summary>
public sealed class MessageLog
{
    private readonly Lock _gate = new();
    private readonly LinkedList<CloudMessage> _messages = new();
    private readonly List<(Func<CloudMessage, bool> Match, TaskCompletionSource<CloudMessage> Done)> _waiters = [];
    private readonly int _capacity;
    private long _sequence;

    public MessageLog(int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Raised after a message is stored (on the broker's thread; keep handlers short).</summary>
    public event Action<CloudMessage>? Added;

    public IReadOnlyList<CloudMessage> Snapshot()
    {
        lock (_gate)
        {
            return _messages.ToArray();
        }
    }

    public CloudMessage Add(string topic, byte[] payload, int qos, string sender, string? productKey, string? deviceName)
    {
        CloudMessage message;
        List<TaskCompletionSource<CloudMessage>> completed = [];
        lock (_gate)
        {
            message = new CloudMessage(++_sequence, DateTimeOffset.UtcNow, topic, payload, qos, sender, productKey, deviceName);
            _messages.AddLast(message);
            while (_messages.Count > _capacity)
            {
                _messages.RemoveFirst();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(message))
                {
                    completed.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in completed)
        {
            done.TrySetResult(message);
        }

        Added?.Invoke(message);
        return message;
    }

    /// <summary>The first stored message (already logged or still to come) that matches.</summary>
    public Task<CloudMessage> WaitForAsync(Func<CloudMessage, bool> match, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var existing = _messages.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            // Continuations run off the broker's thread so a waiting test cannot stall message delivery.
            var done = new TaskCompletionSource<CloudMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() =>
                {
                    lock (_gate)
                    {
                        _waiters.RemoveAll(w => w.Done == done);
                    }

                    done.TrySetCanceled(cancellationToken);
                });
                done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return done.Task;
        }
    }
}
