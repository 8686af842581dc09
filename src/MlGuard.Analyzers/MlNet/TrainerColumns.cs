using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;

namespace MlGuard.MlNet
{
    /// <summary>The label and feature columns a trainer factory call configures (argument, options, or default).</summary>
    internal static class TrainerColumns
    {
        public static string? Label(IInvocationOperation trainer) =>
            Column(trainer, MlNetApi.Parameters.LabelColumnName, "LabelColumnName", MlNetApi.DefaultColumns.Label);

        public static string? Features(IInvocationOperation trainer) =>
            Column(trainer, MlNetApi.Parameters.FeatureColumnName, "FeatureColumnName", MlNetApi.DefaultColumns.Features);

        private static string? Column(IInvocationOperation trainer, string parameter, string optionsProperty, string defaultName)
        {
            if (Operations.Argument(trainer, parameter) is not null)
            {
                return ColumnNames.OfArgument(trainer, parameter, defaultName) is { Length: 1 } names ? names[0].Name : null;
            }

            // The options overload: new XxxTrainer.Options { LabelColumnName = … }.
            foreach (var candidate in trainer.Arguments)
            {
                if (candidate.Parameter?.Name == "options")
                {
                    return ColumnNames.FromOptions(candidate.Value, optionsProperty, defaultName);
                }
            }

            // Factories without label parameters (rare): the default applies.
            return defaultName;
        }
    }
}
