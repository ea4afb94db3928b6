namespace LuatHost.Sim.Module.Mqtt;

/// <summary>A received message waiting in cache mode (<c>AT+MQTTMSGSET=1</c>).</summary>
internal sealed record CachedMessage(string Topic, byte[] Payload, long Sequence);

/// <summary>
/// The module's RAM cache for received messages: 4 slots, a new message overwrites the oldest when all are full,
/// lost on reboot (§5.2).
/// </summary>
internal sealed class MqttMessageCache
{
    public const int SlotCount = 4;
    private readonly CachedMessage?[] _slots = new CachedMessage?[SlotCount];
    private long _sequence;

    /// <summary>Stores the message and returns its slot number (the <c>+MSUB: &lt;slot&gt;</c> URC).</summary>
    public int Store(string topic, byte[] payload)
    {
        var slot = Array.IndexOf(_slots, null);
        if (slot < 0)
        {
            slot = 0;
            for (var i = 1; i < SlotCount; i++)
            {
                if (_slots[i]!.Sequence < _slots[slot]!.Sequence)
                {
                    slot = i;
                }
            }
        }
        _slots[slot] = new CachedMessage(topic, payload, ++_sequence);
        return slot;
    }

    public CachedMessage? Get(int slot) => slot is >= 0 and < SlotCount ? _slots[slot] : null;

    public void Clear(int slot) => _slots[slot] = null;

    /// <summary>Filled slots, oldest first.</summary>
    public IEnumerable<int> FilledSlotsOldestFirst() =>
        Enumerable.Range(0, SlotCount).Where(i => _slots[i] is not null).OrderBy(i => _slots[i]!.Sequence).ToList();

    public void ClearAll() => Array.Clear(_slots);
}
