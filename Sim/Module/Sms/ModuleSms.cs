using LuatHost.Sim.Module.Commands;

namespace LuatHost.Sim.Module.Sms;

/// <summary>
/// The virtual module's side of the short-message network: what the host sent (<see cref="Sent"/>,
/// <see cref="Submitted"/>) and messages arriving for it (<see cref="DeliverAsync"/>). A message sent to the module's
/// own number (<see cref="ModuleIdentity.PhoneNumber"/>) comes back to it, header and coding as they went out, as a
/// real network would deliver it. Safe to use from any thread.
/// </summary>
public sealed class ModuleSms
{
    private readonly ModuleContext _module;
    private readonly Lock _gate = new();
    private readonly List<SubmittedSms> _sent = [];
    private SmsCommands? _commands;
    private byte _nextConcatenation;

    internal ModuleSms(ModuleContext module) => _module = module;

    internal void Attach(SmsCommands commands) => _commands = commands;

    /// <summary>Every message part the host has sent, in order.</summary>
    public IReadOnlyList<SubmittedSms> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Raised (outside the module's turn) for each part the network accepted.</summary>
    public event Action<SubmittedSms>? Submitted;

    /// <summary>
    /// A message from <paramref name="from"/> arrives: stored on the SIM in as many parts as a phone would send it in
    /// (GSM 7-bit or UCS2, concatenated past one part) and announced per AT+CNMI. Returns the slots it took.
    /// </summary>
    public Task<IReadOnlyList<int>> DeliverAsync(string from, string text, DateTimeOffset? timestamp = null)
    {
        byte reference;
        lock (_gate)
        {
            reference = _nextConcatenation++;
        }
        var time = timestamp ?? DateTimeOffset.Now;
        return DeliverPartsAsync(SmsUserData.ForText(text, reference).Select(part => new DeliveredSms(_module.Options.SmsServiceCentre, from, time, part)));
    }

    /// <summary>
    /// An SMS-DELIVER PDU (service-centre address first) arrives byte for byte as given: one captured from a real
    /// network, for instance. Returns its slot, or null if it was not stored. Throws <see cref="FormatException"/> for a
    /// PDU that is not an SMS-DELIVER.
    /// </summary>
    public async Task<int?> DeliverPduAsync(byte[] pdu)
    {
        SmsPdu.DecodeDeliver(pdu);
        var slots = await ReceiveAsync([pdu]).ConfigureAwait(false);
        return slots.Count == 1 ? slots[0] : null;
    }

    private Task<IReadOnlyList<int>> DeliverPartsAsync(IEnumerable<DeliveredSms> parts) => ReceiveAsync(parts.Select(SmsPdu.EncodeDeliver));

    private Task<IReadOnlyList<int>> ReceiveAsync(IEnumerable<byte[]> pdus) => _module.InTurnAsync(async () =>
    {
        var commands = _commands ?? throw new InvalidOperationException("the module is not started");
        var slots = new List<int>();
        foreach (var pdu in pdus)
        {
            if (await commands.ReceiveAsync(pdu).ConfigureAwait(false) is { } index)
            {
                slots.Add(index);
            }
        }
        return (IReadOnlyList<int>)slots;
    });

    internal void OnSubmitted(SubmittedSms message)
    {
        lock (_gate)
        {
            _sent.Add(message);
        }
        _ = Task.Run(async () =>
        {
            Submitted?.Invoke(message);
            if (IsOwnNumber(message.Destination))
            {
                var own = _module.Options.Identity.PhoneNumber;
                try
                {
                    await DeliverPartsAsync([new DeliveredSms(_module.Options.SmsServiceCentre, own, DateTimeOffset.Now, message.UserData)]).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                    // Service lost meanwhile: a real network would retry later; this one drops it.
                }
            }
        });
    }

    private bool IsOwnNumber(string destination)
    {
        static string Digits(string number)
        {
            var digits = number.TrimStart('+');
            return digits.StartsWith("86", StringComparison.Ordinal) && digits.Length > 11 ? digits[2..] : digits;
        }
        var own = _module.Options.Identity.PhoneNumber;
        return own.Length > 0 && Digits(own) == Digits(destination);
    }
}
