package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Turns objects of one kind into Table rows, as {@code kubectl get} prints them. */
public interface TableConvertor {

    /** The column definitions, in order. */
    List<Column> columns();

    /** One cell per column for {@code obj}: strings, numbers or booleans. */
    List<Object> cells(ObjectNode obj);
}
