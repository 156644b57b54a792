package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LabelSelector objects as upstream's {@code LabelSelectorAsSelector(...).String()} and matching against labels. */
class LabelSelectorsTest {

    private static JsonNode json(String singleQuoted) {
        return Json.tree(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}|<none>",
        "{'matchLabels':{'b':'2','a':'1'}}|a=1,b=2",
        "{'matchExpressions':[{'key':'env','operator':'In','values':['prod','dev']}]}|env in (dev,prod)",
        "{'matchExpressions':[{'key':'env','operator':'NotIn','values':['qa']}]}|env notin (qa)",
        "{'matchExpressions':[{'key':'x','operator':'Exists'},{'key':'gone','operator':'DoesNotExist'}]}|!gone,x",
        "{'matchLabels':{'z':'1'},'matchExpressions':[{'key':'a','operator':'Exists'}]}|a,z=1",
    })
    void formatsAsUpstream(String selector, String text) {
        assertEquals(text, LabelSelectors.format(json(selector)));
    }

    @ParameterizedTest(name = "{0} selects {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "{'matchLabels':{'app':'a'}}|{'app':'a','x':'y'}|true",
        "{'matchLabels':{'app':'a'}}|{'app':'b'}|false",
        "{'matchLabels':{'app':'a'}}|{}|false",
        "{'matchExpressions':[{'key':'env','operator':'In','values':['prod','dev']}]}|{'env':'dev'}|true",
        "{'matchExpressions':[{'key':'env','operator':'NotIn','values':['prod']}]}|{'env':'prod'}|false",
        "{'matchExpressions':[{'key':'x','operator':'DoesNotExist'}]}|{'y':'1'}|true",
    })
    void matchesLabels(String selector, String labels, boolean expected) {
        assertEquals(expected, LabelSelectors.matches(json(selector), json(labels)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{}|<none>", "{'b':'2','a':'1'}|a=1,b=2"})
    void formatsLabelMapsSortedByKey(String labels, String text) {
        assertEquals(text, LabelSelectors.formatLabels(json(labels)));
    }
}
