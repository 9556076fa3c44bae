package dev.integrity.platform.rest;

import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two shapes SmallRye OpenAPI writes for 3.0 that JSON Schema validators (and many client
 * generators) misread, written plainly instead:
 * <ul>
 *   <li>a field that may be null and whose type is a component ({@code Instant}, {@code UUID}, an
 *       enum, a record) comes out as {@code {nullable: true, allOf: [{$ref: ...}]}}: valid 3.0, but
 *       validators check the {@code allOf} first and refuse the null the field may hold;</li>
 *   <li>a reference with a keyword beside it (a query parameter's {@code default}) comes out as
 *       {@code allOf: [{$ref: ...}, {default: ...}]}, whose type a validator cannot tell, so it
 *       reads the parameter as JSON.</li>
 * </ul>
 * Both get the component's own keywords in place ({@code {type: string, format: date-time,
 * nullable: true}}). A plain reference stays a {@code $ref}.
 */
final class InlinedReferences {

    private static final String PREFIX = "#/components/schemas/";

    private final Map<String, Schema> components;
    private final Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private InlinedReferences(Map<String, Schema> components) {
        this.components = components;
    }

    static void inline(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        InlinedReferences walk = new InlinedReferences(openAPI.getComponents().getSchemas());
        walk.components.values().forEach(walk::visit);
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(parameter -> walk.visit(parameter.getSchema()));
                }
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                    op.getRequestBody().getContent().getMediaTypes().values().forEach(m -> walk.visit(m.getSchema()));
                }
                if (op.getResponses() != null) {
                    op.getResponses().getAPIResponses().values().forEach(r -> {
                        if (r.getContent() != null) {
                            r.getContent().getMediaTypes().values().forEach(m -> walk.visit(m.getSchema()));
                        }
                    });
                }
            }));
        }
    }

    private void visit(Schema schema) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        Schema nullable = nullableReference(schema);
        if (nullable != null) {
            schema.setAnyOf(null);
            inline(schema, nullable, true);
        } else if (schema.getRef() != null && schema.getAll().size() > 1) {
            Schema target = referenced(schema);
            if (target != null) {
                schema.setRef(null);
                inline(schema, target, false);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(this::visit);
        }
        visit(schema.getItems());
        visit(schema.getAdditionalPropertiesSchema());
        for (List<Schema> each : List.of(orEmpty(schema.getAllOf()), orEmpty(schema.getAnyOf()), orEmpty(schema.getOneOf()))) {
            each.forEach(this::visit);
        }
    }

    private static void inline(Schema schema, Schema target, boolean orNull) {
        List<Schema.SchemaType> types = union(schema.getType(), target.getType());
        target.getAll().forEach((keyword, value) -> {
            if (schema.get(keyword) == null) {
                schema.set(keyword, value);
            }
        });
        schema.setType(orNull ? union(types, List.of(Schema.SchemaType.NULL)) : types);
        if (orNull && schema.getEnumeration() != null && !schema.getEnumeration().contains(null)) {
            // An enum's null must be one of its values, or a validator refuses it even when nullable.
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
    }

    private Schema referenced(Schema reference) {
        String ref = reference.getRef();
        return ref != null && ref.startsWith(PREFIX) ? components.get(ref.substring(PREFIX.length())) : null;
    }

    /**
     * The component a field refers to when the field may also be null: SmallRye models such a field
     * as {@code anyOf: [{$ref: X}, {type: null}]} (and writes it for 3.0 as {@code allOf} plus
     * {@code nullable}).
     */
    private Schema nullableReference(Schema schema) {
        List<Schema> anyOf = schema.getAnyOf();
        if (anyOf == null || anyOf.size() != 2) {
            return null;
        }
        Schema ref = onlyNull(anyOf.get(1)) ? anyOf.get(0) : onlyNull(anyOf.get(0)) ? anyOf.get(1) : null;
        return ref == null ? null : referenced(ref);
    }

    private static boolean onlyNull(Schema schema) {
        return List.of(Schema.SchemaType.NULL).equals(schema.getType()) && schema.getAll().size() == 1;
    }

    private static List<Schema.SchemaType> union(List<Schema.SchemaType> own, List<Schema.SchemaType> target) {
        List<Schema.SchemaType> types = new ArrayList<>(target == null ? List.of() : target);
        for (Schema.SchemaType type : own == null ? List.<Schema.SchemaType>of() : own) {
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types.isEmpty() ? null : types;
    }

    private static List<Schema> orEmpty(List<Schema> schemas) {
        return schemas == null ? List.of() : schemas;
    }
}
