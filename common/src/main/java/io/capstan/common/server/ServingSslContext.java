package io.capstan.common.server;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * An {@link SSLContext} whose every socket and engine carries the given {@link SSLParameters}. Helidon's
 * blocking (non-NIO) listener wraps accepted sockets with the context's socket factory and never applies
 * its configured parameters, so protocols and the client-certificate request must come from the context.
 */
final class ServingSslContext extends SSLContext {

    ServingSslContext(SSLContext delegate, SSLParameters parameters) {
        super(new Spi(delegate, parameters), delegate.getProvider(), delegate.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final SSLParameters parameters;

        Spi(SSLContext delegate, SSLParameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Sockets(delegate.getSocketFactory(), parameters);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine engine = delegate.createSSLEngine();
            engine.setSSLParameters(parameters);
            return engine;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine engine = delegate.createSSLEngine(host, port);
            engine.setSSLParameters(parameters);
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }

    /** The delegate's sockets with the parameters applied. */
    private static final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final SSLParameters parameters;

        Sockets(SSLSocketFactory delegate, SSLParameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        private Socket apply(Socket socket) {
            ((SSLSocket) socket).setSSLParameters(parameters);
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return parameters.getCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return apply(delegate.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return apply(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket() throws IOException {
            return apply(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return apply(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return apply(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return apply(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return apply(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
