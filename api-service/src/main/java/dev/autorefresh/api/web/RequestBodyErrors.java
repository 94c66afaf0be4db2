package dev.autorefresh.api.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.autorefresh.api.json.WrongType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A request body that could not be read, or that Bean Validation refused, in the API's words: the field and the
 * rule, never the value (it may be a secret), one problem at a time like a person fixes them.
 */
final class RequestBodyErrors {

    static final String MALFORMED = "malformed or missing JSON request body";

    private RequestBodyErrors() {
    }

    /** Broken JSON, a body that is not an object, or a field whose JSON type is wrong. */
    static ApiError unreadable(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException cause)
                || !(cause instanceof MismatchedInputException || cause instanceof InputCoercionException)) {
            return ApiError.of(MALFORMED);
        }
        List<JacksonException.Reference> path = cause.getPath();
        if (path.isEmpty()) {
            return ApiError.of("request body must be a JSON object");
        }
        String field = path.stream().map(JacksonException.Reference::getPropertyName)
                .map(name -> name == null ? "[]" : name).collect(Collectors.joining("."));
        JacksonException.Reference last = path.getLast();
        WrongType rule = last.from() instanceof Class<?> type ? wrongType(type, last.getPropertyName()) : null;
        String message = rule != null ? rule.value()
                : cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() == String.class
                        ? field + " must be a string" : field + " has the wrong JSON type";
        return new ApiError(message, Map.of("field", field));
    }

    /**
     * The first problem in the order the record declares its fields (a nested record's problems under its field),
     * then any rule over several fields. The field is named as in the JSON: an unwrapped record adds no prefix.
     */
    static ApiError invalid(MethodArgumentNotValidException e) {
        Object target = e.getBindingResult().getTarget();
        Class<?> type = target == null ? Object.class : target.getClass();
        ObjectError first = e.getBindingResult().getAllErrors().stream()
                .min(Comparator.comparing(error -> locate(error, type).position(), RequestBodyErrors::compare))
                .orElseThrow();
        return new ApiError(first.getDefaultMessage(), Map.of("field", locate(first, type).field()));
    }

    /** Where an error's field is declared (its index in each record on the way) and its name in the JSON. */
    private record Location(List<Integer> position, String field) {
    }

    private static Location locate(ObjectError error, Class<?> type) {
        if (!(error instanceof FieldError fieldError)) {
            return new Location(List.of(Integer.MAX_VALUE), error.getObjectName());
        }
        List<Integer> position = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Class<?> current = type;
        for (String name : fieldError.getField().split("\\.")) {
            List<RecordComponent> components = current.isRecord() ? List.of(current.getRecordComponents()) : List.of();
            int index = components.stream().map(RecordComponent::getName).toList().indexOf(name);
            position.add(index < 0 ? Integer.MAX_VALUE : index);
            // @JsonUnwrapped cannot target a record component: Java puts it on the accessor (and field) instead.
            if (index < 0 || !components.get(index).getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                names.add(name);
            }
            current = index < 0 ? Object.class : components.get(index).getType();
        }
        return new Location(position, String.join(".", names));
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Integer.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static WrongType wrongType(Class<?> type, String property) {
        if (!type.isRecord() || property == null) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents()).filter(component -> component.getName().equals(property))
                .findFirst().map(component -> component.getAnnotation(WrongType.class)).orElse(null);
    }
}
