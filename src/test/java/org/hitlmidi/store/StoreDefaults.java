package org.hitlmidi.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** The {@link Store} interface's own default methods (replay, feedback, mark...) over a SQLite store's lists. */
final class StoreDefaults {
    private StoreDefaults() {
    }

    /** A Store whose default methods run the interface's code, every other one the SQLite store's. */
    static Store over(SqliteStore s) {
        InvocationHandler h = (proxy, m, args) -> m.isDefault() ? InvocationHandler.invokeDefault(proxy, m, args)
                : invoke(m, s, args);
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, h);
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
