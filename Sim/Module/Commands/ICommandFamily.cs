using LuatHost.Sim.Module.Wire;

namespace LuatHost.Sim.Module.Commands;

/// <summary>One AT family (identity, network, HTTP, MQTT…): its commands and the state it owns.</summary>
internal interface ICommandFamily
{
    void Register(CommandTable table);

    /// <summary>Power cycle: drop connections and forget everything held in RAM.</summary>
    Task ResetAsync();

    /// <summary>The data bearer went away (PDP loss, <c>AT+CFUN=0</c>).</summary>
    Task OnBearerLostAsync();
}
