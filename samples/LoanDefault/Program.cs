using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LoanDefault
{
    /// <summary>One row of data/loans.csv (columns in manifest order, see data/loans.mlguard.json).</summary>
    public sealed class LoanApplication
    {
        [LoadColumn(0)] public float Age { get; set; }
        [LoadColumn(1)] public float AnnualIncome { get; set; }
        [LoadColumn(2)] public float LoanAmount { get; set; }
        [LoadColumn(3)] public float TermMonths { get; set; }
        [LoadColumn(4)] public float CreditScore { get; set; }
        [LoadColumn(5)] public float EmploymentYears { get; set; }
        [LoadColumn(6)] public float DebtToIncome { get; set; }
        [LoadColumn(7)] public string HomeOwnership { get; set; } = string.Empty;

        [LoadColumn(8), ColumnName("Label")]
        public bool Defaulted { get; set; }
    }

    public sealed class DefaultPrediction
    {
        [ColumnName("PredictedLabel")]
        public bool WillDefault { get; set; }

        public float Probability { get; set; }

        public float Score { get; set; }
    }

    public static class Program
    {
        public static void Main()
        {
            string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "loans.csv");
            string modelPath = Path.Combine(AppContext.BaseDirectory, "loan-default-model.zip");

            // MLG1006: no seed. Shuffling, the train/test split and the trainer's initialisation change on
            // every run, so the metrics below move and the saved model cannot be reproduced.
            var mlContext = new MLContext();

            IDataView data = mlContext.Data.LoadFromTextFile<LoanApplication>(dataPath, separatorChar: ',', hasHeader: true);
            DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2);

            var pipeline = mlContext.Transforms.Categorical.OneHotEncoding("HomeOwnershipEncoded", nameof(LoanApplication.HomeOwnership))
                .Append(mlContext.Transforms.Concatenate(
                    "Features",
                    nameof(LoanApplication.Age),
                    nameof(LoanApplication.AnnualIncome),
                    nameof(LoanApplication.LoanAmount),
                    nameof(LoanApplication.TermMonths),
                    nameof(LoanApplication.CreditScore),
                    nameof(LoanApplication.EmploymentYears),
                    nameof(LoanApplication.DebtToIncome),
                    "HomeOwnershipEncoded"))
                .Append(mlContext.Transforms.NormalizeMinMax("Features"))
                .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression());

            Console.WriteLine("Training on {0} rows ...", CountRows(split.TrainSet));
            ITransformer model = pipeline.Fit(split.TrainSet);

            CalibratedBinaryClassificationMetrics metrics =
                mlContext.BinaryClassification.Evaluate(model.Transform(split.TestSet));
            Console.WriteLine("Test set: AUC {0:F3}, F1 {1:F3}, accuracy {2:F3}", metrics.AreaUnderRocCurve, metrics.F1Score, metrics.Accuracy);

            // MLG1001: a "report on all the data" scores the model on rows it was trained on (80 % of them),
            // so this AUC is higher than what the model will achieve on new applicants.
            var allRows = mlContext.BinaryClassification.Evaluate(model.Transform(data));
            Console.WriteLine("All rows: AUC {0:F3} (optimistic: includes the training rows)", allRows.AreaUnderRocCurve);

            // MLG2007: the schema saved with a model must describe its input; this is the schema of the scored
            // rows (Score, PredictedLabel, Probability, Features ...), so loaders of the file see the wrong contract.
            IDataView scored = model.Transform(split.TestSet);
            mlContext.Model.Save(model, scored.Schema, modelPath);
            Console.WriteLine("Model saved to {0}", modelPath);

            using var engine = mlContext.Model.CreatePredictionEngine<LoanApplication, DefaultPrediction>(model);
            var applicant = new LoanApplication
            {
                Age = 29,
                AnnualIncome = 31000,
                LoanAmount = 14000,
                TermMonths = 60,
                CreditScore = 590,
                EmploymentYears = 2.5f,
                DebtToIncome = 0.46f,
                HomeOwnership = "rent",
            };
            DefaultPrediction prediction = engine.Predict(applicant);
            Console.WriteLine("Applicant: default predicted = {0} (probability {1:P1})", prediction.WillDefault, prediction.Probability);
        }

        private static long CountRows(IDataView view)
        {
            long rows = 0;
            using (DataViewRowCursor cursor = view.GetRowCursor(view.Schema))
            {
                while (cursor.MoveNext())
                {
                    rows++;
                }
            }

            return rows;
        }
    }
}
