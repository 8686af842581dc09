using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;

namespace Microsoft.Extensions.ML
{
    public class PredictionEnginePool<TData, TPrediction>
        where TData : class
        where TPrediction : class, new()
    {
        public PredictionEnginePool(IServiceProvider serviceProvider) => throw new NotSupportedException("stand-in");

        public ITransformer GetModel(string modelName) => throw new NotSupportedException("stand-in");

        public ITransformer GetModel() => throw new NotSupportedException("stand-in");

        public PredictionEngine<TData, TPrediction> GetPredictionEngine() => throw new NotSupportedException("stand-in");

        public PredictionEngine<TData, TPrediction> GetPredictionEngine(string modelName) => throw new NotSupportedException("stand-in");

        public void ReturnPredictionEngine(PredictionEngine<TData, TPrediction> engine) => throw new NotSupportedException("stand-in");

        public void ReturnPredictionEngine(string modelName, PredictionEngine<TData, TPrediction> engine) => throw new NotSupportedException("stand-in");
    }

    public static class PredictionEnginePoolExtensions
    {
        public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> predictionEnginePool, TData example)
            where TData : class
            where TPrediction : class, new() => throw new NotSupportedException("stand-in");

        public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> predictionEnginePool, string modelName, TData example)
            where TData : class
            where TPrediction : class, new() => throw new NotSupportedException("stand-in");
    }

    public class PredictionEnginePoolBuilder<TData, TPrediction>
        where TData : class
        where TPrediction : class, new()
    {
        public PredictionEnginePoolBuilder(IServiceCollection services)
        {
            Services = services;
        }

        public IServiceCollection Services { get; private set; }
    }

    public static class BuilderExtensions
    {
        public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string uri)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string uri)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, Uri uri)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string uri, TimeSpan period)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string uri, TimeSpan period)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromUri<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, Uri uri, TimeSpan period)
            where TData : class where TPrediction : class, new() => builder;

        /// <summary>Watches the file: passes watchForChanges: true.</summary>
        public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string filePath)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string filePath, bool watchForChanges)
            where TData : class where TPrediction : class, new() => builder;

        /// <summary>Watches the file: passes watchForChanges: true.</summary>
        public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string filePath)
            where TData : class where TPrediction : class, new() => builder;

        public static PredictionEnginePoolBuilder<TData, TPrediction> FromFile<TData, TPrediction>(this PredictionEnginePoolBuilder<TData, TPrediction> builder, string modelName, string filePath, bool watchForChanges)
            where TData : class where TPrediction : class, new() => builder;
    }

    public static class ServiceCollectionExtensions
    {
        public static PredictionEnginePoolBuilder<TData, TPrediction> AddPredictionEnginePool<TData, TPrediction>(this IServiceCollection services)
            where TData : class where TPrediction : class, new() => new PredictionEnginePoolBuilder<TData, TPrediction>(services);

        public static PredictionEnginePoolBuilder<TData, TPrediction> AddPredictionEnginePool<TData, TPrediction>(
            this IServiceCollection services,
            Func<IServiceProvider, PredictionEnginePool<TData, TPrediction>> implementationFactory)
            where TData : class where TPrediction : class, new() => new PredictionEnginePoolBuilder<TData, TPrediction>(services);

        public static IServiceCollection AddRequiredPredictionEnginePoolServices(this IServiceCollection services) => services;
    }
}
