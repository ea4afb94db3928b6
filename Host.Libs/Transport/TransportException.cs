namespace LuatHost.Transport;

/// <summary>A link to the module could not be opened. The message names the port and what to do; show it as is.</summary>
public sealed class TransportException : IOException
{
    public TransportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
