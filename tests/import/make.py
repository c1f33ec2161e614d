# Writes the fixtures of this folder (run from it: python3 make.py). Made-up data only.
import json, urllib.parse, copy
A="111122223333"
def pol(*stmts): return {"Version":"2012-10-17","Statement":list(stmts)}
def st(effect, action, resource="*", **kw):
    d={"Effect":effect,"Action":action,"Resource":resource}; d.update(kw); return d
readonly=pol(st("Allow",["sagemaker:Describe*","sagemaker:List*"]))
train=pol(st("Allow","sagemaker:CreateTrainingJob",Condition={"StringEquals":{"aws:RequestedRegion":"us-east-1"}}))
train_old=pol(st("Allow","sagemaker:CreateTrainingJob"))
boundary=pol(st("Allow",["sagemaker:*","s3:*"]))
deny=pol(st("Deny","sagemaker:Delete*"))
endpoint=pol(st("Allow","sagemaker:CreateEndpoint"))
trust_ec2=pol({"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","sagemaker.amazonaws.com"]},"Action":"sts:AssumeRole"})
trust_acct=pol({"Effect":"Allow","Principal":{"AWS":f"arn:aws:iam::{A}:root"},"Action":"sts:AssumeRole"})
D="2026-01-05T10:00:00+00:00"
def policy(name, arn, versions, default):
    return {"PolicyName":name,"PolicyId":"ANPA"+name.upper().replace("-","")[:12],"Arn":arn,"Path":"/","DefaultVersionId":default,
      "AttachmentCount":1,"PermissionsBoundaryUsageCount":0,"IsAttachable":True,"CreateDate":D,"UpdateDate":D,
      "PolicyVersionList":[{"Document":doc,"VersionId":vid,"IsDefaultVersion":vid==default,"CreateDate":D} for vid,doc in versions]}
def export():
    return {
 "UserDetailList":[
  {"Path":"/","UserName":"alice","UserId":"AIDAALICE","Arn":f"arn:aws:iam::{A}:user/alice","CreateDate":D,
   "UserPolicyList":[{"PolicyName":"no-delete-models","PolicyDocument":pol(st("Deny","sagemaker:DeleteModel"))}],
   "GroupList":["ml-engineers"],
   "AttachedManagedPolicies":[{"PolicyName":"AmazonSageMakerReadOnly","PolicyArn":"arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"}],
   "PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":f"arn:aws:iam::{A}:policy/boundary-ml"},
   "Tags":[{"Key":"team","Value":"ml"}]},
  {"Path":"/people/","UserName":"bob","UserId":"AIDABOB","Arn":f"arn:aws:iam::{A}:user/people/bob","CreateDate":D,
   "UserPolicyList":[],"GroupList":[],
   "AttachedManagedPolicies":[{"PolicyName":"AmazonSageMakerReadOnly","PolicyArn":"arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"}],
   "Tags":[]}],
 "GroupDetailList":[
  {"Path":"/","GroupName":"ml-engineers","GroupId":"AGPAML","Arn":f"arn:aws:iam::{A}:group/ml-engineers","CreateDate":D,
   "GroupPolicyList":[{"PolicyName":"create-endpoints","PolicyDocument":endpoint}],
   "AttachedManagedPolicies":[{"PolicyName":"ml-train","PolicyArn":f"arn:aws:iam::{A}:policy/ml-train"},
                              {"PolicyName":"AmazonSageMakerReadOnly","PolicyArn":"arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"}]}],
 "RoleDetailList":[
  {"Path":"/service-role/","RoleName":"ml-notebook","RoleId":"AROANOTEBOOK","Arn":f"arn:aws:iam::{A}:role/service-role/ml-notebook","CreateDate":D,
   "AssumeRolePolicyDocument":trust_ec2,
   "InstanceProfileList":[{"Path":"/","InstanceProfileName":"ml-notebook-profile","InstanceProfileId":"AIPANB","Arn":f"arn:aws:iam::{A}:instance-profile/ml-notebook-profile","CreateDate":D,"Roles":[]}],
   "RolePolicyList":[{"PolicyName":"read-data","PolicyDocument":pol(st("Allow","s3:GetObject","arn:aws:s3:::amzn-s3-demo-bucket/*"))}],
   "AttachedManagedPolicies":[{"PolicyName":"ml-train","PolicyArn":f"arn:aws:iam::{A}:policy/ml-train"}],
   "PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":f"arn:aws:iam::{A}:policy/boundary-ml"},
   "Tags":[{"Key":"project","Value":"churn"}],"RoleLastUsed":{}},
  {"Path":"/","RoleName":"bob","RoleId":"AROABOB","Arn":f"arn:aws:iam::{A}:role/bob","CreateDate":D,
   "AssumeRolePolicyDocument":trust_acct,"InstanceProfileList":[],"RolePolicyList":[],
   "AttachedManagedPolicies":[{"PolicyName":"deny-delete","PolicyArn":f"arn:aws:iam::{A}:policy/deny-delete"},
                              {"PolicyName":"AmazonSageMakerReadOnly","PolicyArn":"arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"}],
   "Tags":[],"RoleLastUsed":{}}],
 "Policies":[
  policy("AmazonSageMakerReadOnly","arn:aws:iam::aws:policy/AmazonSageMakerReadOnly",[("v1",pol(st("Allow","sagemaker:List*"))),("v2",readonly)],"v2"),
  policy("ml-train",f"arn:aws:iam::{A}:policy/ml-train",[("v3",train),("v2",train_old)],"v3"),
  policy("boundary-ml",f"arn:aws:iam::{A}:policy/boundary-ml",[("v1",boundary)],"v1"),
  policy("deny-delete",f"arn:aws:iam::{A}:policy/deny-delete",[("v1",deny)],"v1")],
 "IsTruncated":False}
def encode(e, f):
    e=copy.deepcopy(e)
    def walk(o):
        if isinstance(o,dict):
            for k,v in list(o.items()):
                if k in ("PolicyDocument","AssumeRolePolicyDocument","Document"): o[k]=f(v)
                else: walk(v)
        elif isinstance(o,list):
            for x in o: walk(x)
    walk(e); return e
def dump(name, o): open(name,"w").write(json.dumps(o, indent=2)+"\n")
e=export()
dump("object.json", e)
dump("string.json", encode(e, lambda d: json.dumps(d)))
dump("urlencoded.json", encode(e, lambda d: urllib.parse.quote(json.dumps(d,separators=(",",":")), safe="")))
# pages: page 1 users + groups + first role, truncated; page 2 the rest, alice again (duplicate), policies
p1={"UserDetailList":e["UserDetailList"],"GroupDetailList":e["GroupDetailList"],"RoleDetailList":e["RoleDetailList"][:1],"Policies":[],"IsTruncated":True,"Marker":"AAAAAgAAAAExampleMarker"}
p2={"UserDetailList":e["UserDetailList"][:1],"GroupDetailList":[],"RoleDetailList":e["RoleDetailList"][1:],"Policies":e["Policies"],"IsTruncated":False}
dump("page1.json", encode(p1, lambda d: urllib.parse.quote(json.dumps(d,separators=(",",":")), safe="")))
dump("page2.json", p2)
# unresolved
u=copy.deepcopy(e)
u["UserDetailList"][0]["GroupList"].append("ghosts")
u["UserDetailList"][0]["AttachedManagedPolicies"].append({"PolicyName":"AmazonS3ReadOnlyAccess","PolicyArn":"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"})
u["UserDetailList"][1]["UserPolicyList"]=[{"PolicyName":"broken","PolicyDocument":"{\"Version\": \"2012-10-17\", \"Statement\": ["}]
u["UserDetailList"][1]["Tags"]={"team":"ml"}
u["RoleDetailList"][1]["RolePolicyList"]=[{"PolicyName":"a-number","PolicyDocument":42}]
u["RoleDetailList"].append({"RoleName":"no-arn","Path":"/"})
u["Policies"][3]["PolicyVersionList"][0]["IsDefaultVersion"]=False
u["Policies"][3]["DefaultVersionId"]="v9"
dump("unresolved.json", u)
