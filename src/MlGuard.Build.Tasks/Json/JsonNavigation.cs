using System.Collections.Generic;

namespace MlGuard.Build.Tasks.Json
{
    /// <summary>Shape-tolerant navigation: a missing property or a value of another type yields null or nothing.</summary>
    internal static class JsonNavigation
    {
        public static JsonObject? GetObject(this JsonObject obj, string name) => obj.Get(name) as JsonObject;

        public static JsonString? GetString(this JsonObject obj, string name) => obj.Get(name) as JsonString;

        public static IEnumerable<JsonObject> GetObjects(this JsonObject obj, string name)
        {
            if (obj.Get(name) is JsonArray array)
            {
                foreach (JsonNode item in array.Items)
                {
                    if (item is JsonObject itemObject)
                    {
                        yield return itemObject;
                    }
                }
            }
        }

        public static IEnumerable<JsonString> GetStrings(this JsonObject obj, string name)
        {
            if (obj.Get(name) is JsonArray array)
            {
                foreach (JsonNode item in array.Items)
                {
                    if (item is JsonString text)
                    {
                        yield return text;
                    }
                }
            }
        }
    }
}
