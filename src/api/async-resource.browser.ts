// The <script> bundles leave Node's AsyncResource API out (~600 B gzip of
// their size budget): it is for libraries written against Node.
export {};
