// Stands in for react-devtools-core, which Ink imports only to connect to React DevTools in development.
export default {initialize() {}, connectToDevTools() {}};
