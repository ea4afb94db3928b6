namespace LuatHost.Sim.Module.Sms;

/// <summary>Message states as PDU mode numbers them (3GPP TS 27.005 §3.1 &lt;stat&gt;).</summary>
internal enum SmsStatus
{
    ReceivedUnread = 0,
    ReceivedRead = 1,
    StoredUnsent = 2,
    StoredSent = 3,
}

/// <summary>
/// The SIM's message store ("SM", the only one the Air724 takes: openLuat's AT SMS guide shows
/// <c>+CPMS: "SM",8,50,…</c> and asks for "SM"): numbered slots from 1 holding a PDU and its state. It is on the SIM,
/// so it outlives a reboot. Used inside the module's turn only.
/// </summary>
internal sealed class SmsStore(int capacity)
{
    private readonly SortedDictionary<int, (SmsStatus Status, byte[] Pdu)> _slots = [];

    public int Capacity { get; } = capacity;

    public int Count => _slots.Count;

    /// <summary>The lowest free slot, or null when the store is full.</summary>
    public int? Add(SmsStatus status, byte[] pdu)
    {
        for (var index = 1; index <= Capacity; index++)
        {
            if (_slots.TryAdd(index, (status, pdu)))
            {
                return index;
            }
        }
        return null;
    }

    public bool TryGet(int index, out SmsStatus status, out byte[] pdu)
    {
        var found = _slots.TryGetValue(index, out var slot);
        (status, pdu) = found ? slot : (default, []);
        return found;
    }

    /// <summary>A read moves a received message from unread to read (§3.4.3).</summary>
    public void MarkRead(int index)
    {
        if (_slots.TryGetValue(index, out var slot) && slot.Status == SmsStatus.ReceivedUnread)
        {
            _slots[index] = (SmsStatus.ReceivedRead, slot.Pdu);
        }
    }

    public IReadOnlyList<(int Index, SmsStatus Status, byte[] Pdu)> List(SmsStatus? only) =>
        _slots.Where(s => only is null || s.Value.Status == only).Select(s => (s.Key, s.Value.Status, s.Value.Pdu)).ToArray();

    public bool Delete(int index) => _slots.Remove(index);

    /// <summary><c>AT+CMGD=n,flag</c>: 1 read, 2 read and sent, 3 read, sent and unsent, 4 all (§3.5.4).</summary>
    public void DeleteWhere(int flag)
    {
        foreach (var (index, status, _) in List(null))
        {
            var delete = flag switch
            {
                1 => status == SmsStatus.ReceivedRead,
                2 => status is SmsStatus.ReceivedRead or SmsStatus.StoredSent,
                3 => status != SmsStatus.ReceivedUnread,
                _ => true,
            };
            if (delete)
            {
                _slots.Remove(index);
            }
        }
    }
}
