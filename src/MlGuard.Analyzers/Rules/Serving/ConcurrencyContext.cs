using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.CallGraph;
using MlGuard.MlNet;

namespace MlGuard.Rules.Serving
{
    /// <summary>
    /// Where code runs concurrently or per request (ml-rules-design.md 2.6): fan-out APIs (Parallel.*, Task.Run,
    /// TaskFactory.StartNew, new Thread, PLINQ), minimal-API handlers (MapGet, …), controller actions, LINQ
    /// lambdas that run once per element.
    /// </summary>
    internal static class ConcurrencyContext
    {
        public const string WebProjectProperty = "build_property.UsingMicrosoftNETSdkWeb";

        /// <summary>The fan-out API that receives <paramref name="function"/> (a lambda, or a method group), or null.</summary>
        public static string? FanOutApi(IOperation function, InferenceSymbols symbols)
        {
            var argumentOwner = ArgumentOwner(function);
            switch (argumentOwner)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    var type = method.ContainingType?.OriginalDefinition;
                    if (Is(type, symbols.Parallel) && method.Name != "Equals")
                    {
                        return "Parallel." + method.Name;
                    }

                    if (Is(type, symbols.Task) && method.Name == "Run")
                    {
                        return "Task.Run";
                    }

                    if (type is { Name: "TaskFactory", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks" && method.Name == "StartNew")
                    {
                        return "TaskFactory.StartNew";
                    }

                    if (Is(type, symbols.ParallelEnumerable))
                    {
                        return "PLINQ " + method.Name;
                    }

                    return null;
                case IObjectCreationOperation creation when Is(creation.Type?.OriginalDefinition, symbols.Thread):
                    return "new Thread";
                default:
                    return null;
            }
        }

        /// <summary>MapGet, MapPost, … of ASP.NET Core minimal APIs receiving <paramref name="function"/>.</summary>
        public static string? MinimalApiHandler(IOperation function, InferenceSymbols symbols)
        {
            if (ArgumentOwner(function) is IInvocationOperation invocation
                && symbols.EndpointRouteBuilderExtensions is not null
                && Is(invocation.TargetMethod.ContainingType, symbols.EndpointRouteBuilderExtensions)
                && ServingApi.MapMethods.Contains(invocation.TargetMethod.Name))
            {
                return invocation.TargetMethod.Name + " handler";
            }

            return null;
        }

        /// <summary>LINQ (Enumerable, ParallelEnumerable) and List.ForEach run their lambdas once per element.</summary>
        public static bool RunsPerElement(IOperation function, InferenceSymbols symbols)
        {
            if (ArgumentOwner(function) is not IInvocationOperation invocation)
            {
                return false;
            }

            var type = invocation.TargetMethod.ContainingType?.OriginalDefinition;
            return Is(type, symbols.Enumerable)
                || Is(type, symbols.ParallelEnumerable)
                || (invocation.TargetMethod.Name == "ForEach" && type is { Name: "List" or "Array" });
        }

        /// <summary>The invocation or creation that gets <paramref name="function"/> as an argument.</summary>
        public static IOperation? ArgumentOwner(IOperation function)
        {
            var current = function.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation argument ? argument.Parent : null;
        }

        public static bool IsWebProject(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options) =>
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(WebProjectProperty, out var value)
            && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>A public method of a controller (a type deriving from ControllerBase or marked [ApiController]).</summary>
        public static bool IsControllerAction(ISymbol member, InferenceSymbols symbols) =>
            member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false }
            && Rules.Critical.CriticalCodeAnalyzer.IsRequestHandlerType(member.ContainingType, symbols);

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
    }
}
