using LuatHost.Sim.Module.Commands;

namespace LuatHost.Sim.Module.Calls;

/// <summary>
/// The virtual module's side of voice calls: the numbers the host dialled (<see cref="Dialled"/>), a call arriving
/// for it (<see cref="RingAsync"/>) and the far end hanging up (<see cref="HangUpAsync"/>). How a dialled party
/// behaves is <see cref="ModuleOptions.CalledParty"/>. No sound crosses the virtual network. Safe from any thread.
/// </summary>
public sealed class ModuleCalls
{
    private readonly ModuleContext _module;
    private readonly Lock _gate = new();
    private readonly List<string> _dialled = [];
    private CallCommands? _commands;

    internal ModuleCalls(ModuleContext module) => _module = module;

    /// <summary>Every number the host dialled, in order.</summary>
    public IReadOnlyList<string> Dialled
    {
        get
        {
            lock (_gate)
            {
                return [.. _dialled];
            }
        }
    }

    /// <summary>Raised (in the module's turn: do not block) for each number the host dials.</summary>
    public event Action<string>? Dialling;

    internal void Attach(CallCommands commands) => _commands = commands;

    internal void OnDialled(string number)
    {
        lock (_gate)
        {
            _dialled.Add(number);
        }
        Dialling?.Invoke(number);
    }

    /// <summary>
    /// A call from <paramref name="from"/> rings until the host answers or <see cref="HangUpAsync"/>; false while a call is
    /// up. Throws <see cref="FormatException"/> for a number that is not digits (with +, * and #), which +CLIP could not carry.
    /// </summary>
    public Task<bool> RingAsync(string from)
    {
        if (from.Length == 0 || !from.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#'))
            throw new FormatException($"'{from}' is not a phone number");
        return _module.InTurnAsync(() => Commands.RingAsync(from));
    }

    /// <summary>The far end hangs up the call (or stops ringing): <c>NO CARRIER</c>. False when there is no call.</summary>
    public Task<bool> HangUpAsync() => _module.InTurnAsync(() => Commands.FarEndHangsUpAsync());

    private CallCommands Commands => _commands ?? throw new InvalidOperationException("the module is not started");
}
