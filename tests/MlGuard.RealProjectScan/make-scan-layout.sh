#!/bin/bash
# Lays out /tmp/real-projects/<owner>__<repo>/<path> as one folder per app under /tmp/real-scan (copies, keeping repo paths).
set -e
SRC=/tmp/real-projects; DST=/tmp/real-scan
rm -rf "$DST"; mkdir -p "$DST"
app() { # app <name> <owner__repo> <app root inside the repo>
  mkdir -p "$DST/$1/$(dirname "$3")"; cp -r "$SRC/$2/$3" "$DST/$1/$3"; }
S=samples/csharp/getting-started; E=samples/csharp/end-to-end-apps; D=dotnet__machinelearning-samples
app dotnet-SentimentAnalysis $D $S/BinaryClassification_SentimentAnalysis
app dotnet-TaxiFarePrediction $D $S/Regression_TaxiFarePrediction
app dotnet-BikeSharingDemand $D $S/Regression_BikeSharingDemand
app dotnet-CreditCardFraudDetection $D $S/BinaryClassification_CreditCardFraudDetection
app dotnet-SpamDetection $D $S/BinaryClassification_SpamDetection
app dotnet-RankingWeb $D $S/Ranking_Web
app dotnet-GitHubLabeler $D $E/MulticlassClassification-GitHubLabeler
app dotnet-ScalableWebAPI $D $E/ScalableMLModelOnWebAPI-IntegrationPkg
app packt-chapter03-linear-regression PacktPublishing__Hands-On-Machine-Learning-With-ML.NET chapter03_linear_regression
app jwood803-AzureFunction jwood803__MLNetExamples MLNetExamples/AzureFunction
app jwood803-BinaryClassification jwood803__MLNetExamples MLNetExamples/BinaryClassification
for a in MLN-MultipleRegression MLN-SentimentAnalysis MLN-BinaryClassification MLN-SpamClassifier; do app jeffprosise-$a jeffprosise__ML.NET $a; done
I=IntegerMan__ML.NET-Auto-ML-ESRB-Rating-Classification
app integerman-ESRB-SampleAPI $I MattEland.AI.MLNet.ESRBPredictor.Core
app integerman-ESRB-SampleAPI $I MattEland.AI.MLNet.ESRBPredictor.SampleAPI
app integerman-ESRB-TraditionalAPI $I MattEland.AI.MLNet.ESRBPredictor.Core
app integerman-ESRB-TraditionalAPI $I MattEland.AI.MLNet.ESRBPredictor.TraditionalAPI
app apress-chapter4 Apress__ml.net-revealed "Chapter 4"
find "$DST" -name '*.cs' | wc -l; ls "$DST" | wc -l
