// Small static programs packed into OCI images for the local clusters' real node
// (tools/images/pack.mjs). Standard library only.
module berth.local/tools/images

go 1.26.0
