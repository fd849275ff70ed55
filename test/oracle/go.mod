module kube-pod-patterns/oracle

go 1.26.0
