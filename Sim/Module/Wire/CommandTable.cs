namespace LuatHost.Sim.Module.Wire;

/// <summary>Handles one command; a non-null result switches the line to raw data input.</summary>
internal delegate Task<InputRequest?> CommandHandler(AtRequest request);

/// <summary>Name → handler, filled by one family file per AT family (mirrors Host.Libs/Modem).</summary>
internal sealed class CommandTable
{
    private readonly Dictionary<string, CommandHandler> _handlers = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string name, CommandHandler handler) => _handlers[name] = handler;

    /// <summary>For commands that only answer <c>OK</c> (settings we accept and ignore).</summary>
    public void AddAccepted(string name, Func<Task> ok) => _handlers[name] = async _ =>
    {
        await ok().ConfigureAwait(false);
        return null;
    };

    public bool TryGet(string name, out CommandHandler handler) => _handlers.TryGetValue(name, out handler!);

    private readonly HashSet<string> _ownTestForms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The family answers <c>AT+X=?</c> itself (with its parameter ranges); others get a bare OK from the dispatcher.</summary>
    public void HandlesTestForm(string name) => _ownTestForms.Add(name);

    public bool AnswersTestForm(string name) => _ownTestForms.Contains(name);
}
