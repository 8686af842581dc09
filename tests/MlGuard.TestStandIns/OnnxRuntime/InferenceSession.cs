using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.OnnxRuntime
{
    public class InferenceSession : IDisposable
    {
        public InferenceSession(string modelPath) => throw new NotSupportedException("stand-in");

        public IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(IReadOnlyCollection<NamedOnnxValue> inputs) => throw new NotSupportedException("stand-in");

        public IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(IReadOnlyCollection<NamedOnnxValue> inputs, IReadOnlyCollection<string> outputNames) => throw new NotSupportedException("stand-in");

        public void Dispose()
        {
        }
    }

    public interface IDisposableReadOnlyCollection<T> : IReadOnlyCollection<T>, IDisposable
    {
    }

    public class NamedOnnxValue
    {
        protected NamedOnnxValue(string name, object value)
        {
            Name = name;
        }

        public string Name { get; }

        public static NamedOnnxValue CreateFromTensor<T>(string name, Tensor<T> value) => new NamedOnnxValue(name, value);

        public Tensor<T> AsTensor<T>() => throw new NotSupportedException("stand-in");
    }

    public class DisposableNamedOnnxValue : NamedOnnxValue, IDisposable
    {
        private DisposableNamedOnnxValue(string name, object value)
            : base(name, value)
        {
        }

        public void Dispose()
        {
        }
    }
}

namespace Microsoft.ML.OnnxRuntime.Tensors
{
    public abstract class Tensor<T>
    {
        public abstract T this[params int[] indices] { get; set; }
    }

    public class DenseTensor<T> : Tensor<T>
    {
        public DenseTensor(T[] data, int[] dimensions)
        {
        }

        public override T this[params int[] indices]
        {
            get => throw new NotSupportedException("stand-in");
            set => throw new NotSupportedException("stand-in");
        }
    }
}
