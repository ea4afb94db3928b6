namespace LuatHost.Runtime;

/// <summary>An action run when disposed, once: how a subscription or an attachment is handed to whoever ends it.</summary>
public sealed class DisposeAction(Action action) : IDisposable
{
    private Action? _action = action;

    public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
}
